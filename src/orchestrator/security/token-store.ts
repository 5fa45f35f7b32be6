// Issued API tokens on disk (tokens.json, schema version 1): only the sha256 of each token's secret is
// kept. Written atomically; a corrupt file is moved aside and every token is then invalid (fail closed).
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import type { FileLock } from '../memory/file-lock';
import { SecurityConfigError } from './errors';
import { NO_FILE, fileStamp, securityFileLock, underLock } from './store-file-lock';

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

export class TokenStore {
  /** size:mtime of the file as last read or written; another value means another process changed it. */
  private stamp = '';

  private readonly lock: FileLock | undefined;

  private constructor(
    private readonly fs: FileSystemPort,
    readonly file: string,
    private records: TokenRecord[],
    clock: ClockPort,
    private readonly logger: LoggerPort,
  ) {
    this.lock = securityFileLock(fs, file, clock, logger);
  }

  /** Reads the file again when another process changed it (a token issued or revoked elsewhere). Fails closed. */
  async refresh(): Promise<void> {
    try {
      await this.reread();
    } catch (error) {
      this.records = [];
      this.logger.warn(`Token file ${this.file} is invalid (${(error as Error).message}); every token is refused until it is fixed.`);
    }
  }

  /** refresh() that throws on an invalid file instead of refusing every token; `always`: even if it looks unchanged. */
  private async reread(always = false): Promise<void> {
    const stamp = await fileStamp(this.fs, this.file);
    if (stamp === this.stamp && !always) return;
    this.stamp = stamp;
    this.records = stamp === NO_FILE ? [] : parseTokens(JSON.parse(Buffer.from(await this.fs.readFile(this.file)).toString('utf8')), path.basename(this.file));
  }

  static async load(fs: FileSystemPort, file: string, clock: ClockPort, logger: LoggerPort): Promise<TokenStore> {
    if (!(await fs.stat(file))) return new TokenStore(fs, file, [], clock, logger);
    try {
      const store = new TokenStore(
        fs,
        file,
        parseTokens(JSON.parse(Buffer.from(await fs.readFile(file)).toString('utf8')), path.basename(file)),
        clock,
        logger,
      );
      store.stamp = await fileStamp(fs, file);
      return store;
    } catch (error) {
      const aside = `${file}.corrupt-${clock.now()}`;
      await fs.rename(file, aside);
      logger.warn(`Token file ${file} is invalid (${(error as Error).message}); moved to ${aside}. Every issued token is invalid until new ones are issued.`);
      return new TokenStore(fs, file, [], clock, logger);
    }
  }

  get all(): readonly TokenRecord[] {
    return this.records;
  }

  find(id: string): TokenRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /**
   * Changes the tokens as they are on disk now: under the file's lock, the file is read again, `change`
   * is applied to what it holds and the result written (an invalid file throws; nothing is written).
   * Returns what `change` returned beside the new records.
   */
  async modify<T>(change: (records: readonly TokenRecord[]) => { records: TokenRecord[]; result: T }): Promise<T> {
    return underLock(this.lock, async () => {
      await this.reread(true);
      const { records, result } = change(this.records);
      await this.fs.writeFileAtomic(this.file, `${JSON.stringify({ version: TOKEN_STORE_VERSION, tokens: records }, null, 2)}\n`);
      this.records = records;
      this.stamp = await fileStamp(this.fs, this.file);
      return result;
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
