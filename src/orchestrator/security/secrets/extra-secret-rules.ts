// Secrets the vendored gitleaks rules do not cover (or cover only with high entropy), in the same
// form: our own issued tokens, Google OAuth access tokens, Basic auth, credentials in URLs and
// connection strings, Azure storage keys, AWS secret keys and password-like assignments of any
// entropy. Placeholders (${VAR}, <password>, ***) are left alone.
import type { VendoredSecretRule } from './secret-rule';

export const EXTRA_SECRET_RULES: readonly VendoredSecretRule[] = [
  { id: 'big-three-token', regex: '\\bbt_[a-f0-9]{8,}_[A-Za-z0-9_-]{16,}', flags: '', keywords: ['bt_'] },
  { id: 'openai-anthropic-key', regex: '\\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}', flags: '', keywords: ['sk-'] },
  { id: 'github-fine-grained-pat-short', regex: '\\bgithub_pat_[A-Za-z0-9_]{22,}', flags: '', keywords: ['github_pat_'] },
  { id: 'google-api-key', regex: '\\bAIza[0-9A-Za-z_-]{30,}', flags: '', keywords: ['aiza'] },
  { id: 'github-token-short', regex: '\\bgh[pousr]_[A-Za-z0-9]{20,}', flags: '', keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  { id: 'slack-token-short', regex: '\\bxox[abpr]-[A-Za-z0-9-]{10,}', flags: '', keywords: ['xox'] },
  { id: 'google-oauth-access-token', regex: '\\bya29\\.[0-9A-Za-z_-]{20,}', flags: '', keywords: ['ya29.'] },
  { id: 'bearer-token', regex: '\\bBearer\\s+([A-Za-z0-9._~+/=-]{8,})', flags: 'i', secretGroup: 1, keywords: ['bearer'] },
  { id: 'basic-auth-header', regex: '\\bBasic\\s+([A-Za-z0-9+/]{8,}={0,2})', flags: 'i', secretGroup: 1, keywords: ['basic'] },
  { id: 'url-credentials', regex: '\\b[a-z][a-z0-9+.-]{1,20}://[^\\s:/@"\']{1,100}:([^\\s/@"\']{1,200})@', flags: 'i', secretGroup: 1, keywords: ['://'] },
  { id: 'connection-string-password', regex: '\\b(?:password|pwd)\\s*=\\s*([^;\'"\\s]{1,200})', flags: 'i', secretGroup: 1, keywords: ['password', 'pwd'] },
  {
    id: 'azure-storage-key',
    regex: '\\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)\\s*=\\s*([A-Za-z0-9+/%]{20,}={0,2})',
    flags: 'i',
    secretGroup: 1,
    keywords: ['accountkey', 'sharedaccess', 'sig='],
  },
  {
    id: 'aws-secret-access-key',
    regex: 'aws.{0,20}?(?:secret|private).{0,20}?[:=]\\s*["\']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])',
    flags: 'i',
    secretGroup: 1,
    keywords: ['aws'],
  },
  {
    // The name after the keyword is bounded ({0,64}, not *): unbounded, a 6,000-character run like
    // `pwd000pwd000…` was tried from every keyword to its end (thirteenth red team: 80 ms per 8 KB field).
    id: 'password-assignment',
    regex:
      '(?:pass(?:word|wd|phrase)?|pwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|token|private[_-]?key|credentials?)[a-z0-9_]{0,64}["\']?(?:\\s*(?:=>|=)\\s*|\\s*:\\s+|\\s*:(?=["\']))["\']?(?!\\d+\\b)([^\\s"\',;&<>(){}\\[\\]`]{4,200})(?=[\\s"\',;&<>)}\\]`]|$)',
    flags: 'i',
    secretGroup: 1,
    keywords: ['pass', 'pwd', 'secret', 'key', 'token', 'credential'],
    stopwords: [
      '${',
      '{{',
      '***',
      'redacted',
      'process.env',
      'os.environ',
      'changeme',
      'placeholder',
      'undefined',
      'null',
      'true',
      'false',
      'string',
      'number',
    ],
  },
  // Fourteenth red team: private keys and passwords common files hold in forms the rules above miss.
  {
    // A PEM block in base64 (Kubernetes secrets' tls.key, kubeconfig client-key-data): "-----BEGIN" is LS0tLS1CRUdJTi.
    id: 'base64-pem-block',
    regex: '\\bLS0tLS1CRUdJTi[A-Za-z0-9+/]{20,}={0,2}',
    flags: '',
    keywords: ['ls0tls1crudjti'],
  },
  {
    // The base64 body of a private key without its PEM header (a header split by string concatenation, a
    // body pasted alone): the DER encoding starts the same way for each key format. PKCS#1 RSA
    // (MII..IBAAK), PKCS#8 (RSA MII..IBADA, DSA MII..IBADC, EC MIG./MIH.AgEAMB, Ed25519/X25519/Ed448 MC4/MEc/MEY
    // CAQAwBQYDK2V), SEC1 EC (MHcCAQEEI, MHQCAQEEI, MIGkAgEBBD, MIHcAgEBBEI). Certificates and public keys
    // start otherwise (MII..CCA, MII..jANBg). It starts a word, or follows a \n escape (the header in the
    // same string); after a + or a / too (a one-line PEM in a form body: -----BEGIN+PRIVATE+KEY-----+MII…). The body runs on over line breaks, \n escapes, quotes and +,
    // to a last, shorter line.
    id: 'private-key-der-base64',
    regex:
      '(?:(?<![A-Za-z0-9_])|(?<=\\\\n))(?:MII[A-Za-z0-9+/]{3}IBA(?:AK|D[AC])|MI[GH][A-Za-z0-9+/]AgEAMB|M(?:C4|Ec|EY)CAQAwBQYDK2V|MH[cQ]CAQEEI|MI[GH][A-Za-z0-9+/]AgEBB)[A-Za-z0-9+/]{16,}={0,2}(?:(?:\\\\n|[\\s"\'+,]){1,8}[A-Za-z0-9+/]{16,}={0,2})*(?:(?:\\\\n|[\\s"\'+,]){1,8}[A-Za-z0-9+/]{2,15}={0,2}(?![A-Za-z0-9+/]))?',
    flags: '',
    keywords: ['ibaak', 'ibada', 'ibadc', 'ageamb', 'bqydk2v', 'caqeei', 'agebb'],
  },
  {
    // The private members of a JSON Web Key (RSA d, p, q, dp, dq, qi; EC d).
    id: 'jwk-private-member',
    // Keywords without quotes, so a JSON text without any of them is still known to hold no secret.
    regex: '\\b(?:d|p|q|dp|dq|qi)"\\s*:\\s*"([A-Za-z0-9_-]{40,})"',
    flags: '',
    secretGroup: 1,
    keywords: ['kty', 'dp', 'dq', 'qi'],
  },
  {
    // <password>…</password> in XML settings (Maven settings.xml, NuGet, Tomcat users).
    id: 'xml-password-element',
    regex: '<(password|passwd|passphrase|secret)>\\s*([^<\\s][^<]{2,200}?)\\s*</\\1>',
    flags: 'i',
    secretGroup: 2,
    keywords: ['<password>', '<passwd>', '<passphrase>', '<secret>'],
  },
  {
    // PHP constants (wp-config.php): define('DB_PASSWORD', '…'), AUTH_KEY and friends.
    id: 'php-define-secret',
    regex: 'define\\(\\s*[\'"][A-Z0-9_]*(?:PASSWORD|PASS|KEY|SALT|SECRET|TOKEN)[A-Z0-9_]*[\'"]\\s*,\\s*[\'"]([^\'"]{4,200})[\'"]',
    flags: 'i',
    secretGroup: 1,
    keywords: ['define('],
  },
  {
    // Passwords given on a command line: sshpass -p, mysql -p<password>, --password=.
    id: 'command-line-password',
    regex: '(?:\\bsshpass\\s+-p\\s*|\\bmysql(?:dump|admin)?\\b[^\\n]{0,200}?\\s-p|--password[= ])[\'"]?([^\\s\'"]{4,200})',
    flags: 'i',
    secretGroup: 1,
    keywords: ['sshpass', 'mysql', '--password'],
  },
  {
    id: 'pgp-private-key-block',
    regex: '-----BEGIN PGP PRIVATE KEY BLOCK-----[\\s\\S]*?(?:-----END PGP PRIVATE KEY BLOCK-----|$)',
    flags: '',
    keywords: ['-----begin pgp private'],
  },
  {
    id: 'private-key-block',
    regex: '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)',
    flags: '',
    keywords: ['private key-----'],
  },
];
