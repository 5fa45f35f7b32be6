// Issued API tokens on disk (tokens.json, schema version 1): only the sha256 of each token's secret is
// kept. Written atomically; a corrupt file is moved aside and every token is then invalid (fail closed).
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { SecurityConfigError } from './errors';

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

  private constructor(
    private readonly fs: FileSystemPort,
    readonly file: string,
    private records: TokenRecord[],
    private readonly logger?: LoggerPort,
  ) {}

  /** Reads the file again when another process changed it (a token issued or revoked elsewhere). Fails closed. */
  async refresh(): Promise<void> {
    const stat = await this.fs.stat(this.file);
    const stamp = stat ? `${stat.size}:${stat.mtimeMs}` : 'none';
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    if (!stat) {
      this.records = [];
      return;
    }
    try {
      this.records = parseTokens(JSON.parse(Buffer.from(await this.fs.readFile(this.file)).toString('utf8')), path.basename(this.file));
    } catch (error) {
      this.records = [];
      this.logger?.warn(`Token file ${this.file} is invalid (${(error as Error).message}); every token is refused until it is fixed.`);
    }
  }

  static async load(fs: FileSystemPort, file: string, clock: ClockPort, logger: LoggerPort): Promise<TokenStore> {
    if (!(await fs.stat(file))) return new TokenStore(fs, file, [], logger);
    try {
      const store = new TokenStore(fs, file, parseTokens(JSON.parse(Buffer.from(await fs.readFile(file)).toString('utf8')), path.basename(file)), logger);
      const stat = await fs.stat(file);
      store.stamp = stat ? `${stat.size}:${stat.mtimeMs}` : 'none';
      return store;
    } catch (error) {
      const aside = `${file}.corrupt-${clock.now()}`;
      await fs.rename(file, aside);
      logger.warn(`Token file ${file} is invalid (${(error as Error).message}); moved to ${aside}. Every issued token is invalid until new ones are issued.`);
      return new TokenStore(fs, file, [], logger);
    }
  }

  get all(): readonly TokenRecord[] {
    return this.records;
  }

  find(id: string): TokenRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  async save(records: TokenRecord[]): Promise<void> {
    await this.fs.writeFileAtomic(this.file, `${JSON.stringify({ version: TOKEN_STORE_VERSION, tokens: records }, null, 2)}\n`);
    this.records = records;
    const stat = await this.fs.stat(this.file);
    this.stamp = stat ? `${stat.size}:${stat.mtimeMs}` : 'none';
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
