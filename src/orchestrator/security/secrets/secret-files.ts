// The names of files that commonly hold secrets (gitignore syntax), in one place: the index never reads them
// (rag/ignore-rules.ts), and a command naming one, or a link leading to one, asks (security/commands).
import ignore = require('ignore');
import * as path from 'path';

/** Files that commonly hold secrets. Checked on every path segment, after and regardless of ignore files. */
export const SECRET_PATTERNS = [
  '.env*',
  '*.env',
  '.envrc',
  '*.tfstate',
  '*.tfstate.*',
  '*.tfvars',
  '.terraform/',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.ppk',
  '*.kdbx',
  '*.asc',
  '*.gpg',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  'credentials',
  'credentials.*',
  '*credentials*.json',
  '*.credentials',
  'secrets',
  'secrets.*',
  '*.secret',
  '*.secrets',
  'service-account*.json',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.htpasswd',
  '.pgpass',
  '.aws/',
  '.ssh/',
  '.gnupg/',
  '.docker/config.json',
  '.kube/config',
];

const matcher = ignore().add(SECRET_PATTERNS);

/**
 * Whether a path relative to a workspace folder (either separator, `./` allowed) names a secret file or a
 * file in a secret folder. A path that leaves its folder (`../x`) or is absolute is not judged here.
 */
export function isSecretPath(relative: string): boolean {
  const normalized = path.posix.normalize(relative.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (!normalized || normalized === '.' || normalized.startsWith('../') || normalized === '..' || path.posix.isAbsolute(normalized)) return false;
  try {
    return matcher.ignores(normalized);
  } catch {
    return false; // a path the matcher cannot read (it refuses some shapes) names no secret file it knows
  }
}
