// Issued API tokens on disk (tokens.json, schema version 1): only the sha256 of each token's secret is
// kept. Shared by every host through LockedJsonFile (locked-json-file.ts): a corrupt file is moved aside and
// every token is then invalid (fail closed).
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { SecurityConfigError } from './errors';
import { type JsonFileFormat, LockedJsonFile } from './locked-json-file';

export const TOKEN_STORE_VERSION = 1;

export interface TokenRecord {
  id: string;
  /** The principal the token authenticates, e.g. "token:ci-bot". */
  principal: string;
  /** sha256 (hex) of the secret part. */
  hash: string;
  createdAt: number;
  expiresAt: number;
  revokedAt?: number;
  description?: string;
}

const TOKEN_FILE_FORMAT: JsonFileFormat<TokenRecord[]> = {
  parse: parseTokens,
  empty: () => [],
  serialize: (tokens) => `${JSON.stringify({ version: TOKEN_STORE_VERSION, tokens }, null, 2)}\n`,
  invalidNow: (file, reason) => `Token file ${file} is invalid (${reason}); every token is refused until it is fixed.`,
  movedAside: (file, reason, aside) => `Token file ${file} is invalid (${reason}); moved to ${aside}. Every issued token is invalid until new ones are issued.`,
  moveAsideUnreadable: true,
};

export class TokenStore {
  private constructor(private readonly stored: LockedJsonFile<TokenRecord[]>) {}

  static async load(fs: FileSystemPort, file: string, clock: ClockPort, logger: LoggerPort): Promise<TokenStore> {
    return new TokenStore(await LockedJsonFile.load(fs, file, clock, logger, TOKEN_FILE_FORMAT));
  }

  get file(): string {
    return this.stored.file;
  }

  /** Reads the file again when another process changed it (a token issued or revoked elsewhere). Fails closed. */
  refresh(): Promise<void> {
    return this.stored.refresh();
  }

  get all(): readonly TokenRecord[] {
    return this.stored.value;
  }

  find(id: string): TokenRecord | undefined {
    return this.stored.value.find((r) => r.id === id);
  }

  /**
   * Changes the tokens as they are on disk now (read again under the file's lock, changed, written; an
   * invalid file throws and nothing is written). Returns what `change` returned beside the new records.
   */
  modify<T>(change: (records: readonly TokenRecord[]) => { records: TokenRecord[]; result: T }): Promise<T> {
    return this.stored.change((current) => {
      const { records, result } = change(current);
      return { value: records, result };
    });
  }
}

function parseTokens(raw: unknown, where: string): TokenRecord[] {
  const s = raw as { version?: unknown; tokens?: unknown } | null;
  if (!s || typeof s !== 'object' || s.version !== TOKEN_STORE_VERSION || !Array.isArray(s.tokens))
    throw new SecurityConfigError(`${where}: expected {"version": ${TOKEN_STORE_VERSION}, "tokens": [...]}.`);
  return s.tokens.map((t: Partial<TokenRecord>, i: number) => {
    const ok =
      t &&
      typeof t.id === 'string' &&
      /^[a-f0-9]{16}$/.test(t.id) &&
      typeof t.principal === 'string' &&
      typeof t.hash === 'string' &&
      /^[a-f0-9]{64}$/.test(t.hash) &&
      typeof t.createdAt === 'number' &&
      typeof t.expiresAt === 'number';
    if (!ok) throw new SecurityConfigError(`${where}: token #${i + 1} is malformed.`);
    return t as TokenRecord;
  });
}
