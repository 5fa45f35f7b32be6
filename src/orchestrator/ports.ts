// What a host (VS Code, the CLI, a test) provides to the core. The core never reaches the outside
// world except through these interfaces, so every part of it runs the same under any host.

export interface Disposable {
  dispose(): void;
}

export interface FileEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  /** A symbolic link (then isFile and isDirectory are false: what it leads to is not looked at). */
  isSymbolicLink?: boolean;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
  /** Hard links to the file (more than 1: the same content also lives under another name, maybe outside the workspace). */
  links?: number;
  /** The file's inode number, where the file system has one: a file replaced by another of the same size has another. */
  ino?: number;
}

export interface FileSystemPort {
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Reads a file only if, once open, it is a regular file of at most `maxBytes` and not a symbolic link
   * (throws otherwise): what was checked when a folder was listed may have been swapped meanwhile for a
   * link out of the workspace, a device or a pipe, or have grown. With `within` (a real folder path), the
   * file opened must also be the one the path's real path reaches inside that folder: a folder on the way
   * swapped for a link out of it fails. A port without it reads with readFile.
   */
  readRegularFile?(path: string, maxBytes: number, within?: string): Promise<Uint8Array>;
  /**
   * Opens a file to read parts of it, all from the same file even if it is renamed or replaced meanwhile;
   * undefined when it does not exist. A port without it reads whole files.
   */
  openForReading?(path: string): Promise<FileReader | undefined>;
  /** Writes through a temporary sibling and a rename, so readers never see half a file. */
  writeFileAtomic(path: string, data: Uint8Array | string, options?: { sync?: boolean }): Promise<void>;
  /** Resolves to undefined when nothing exists at `path`. */
  stat(path: string): Promise<FileStat | undefined>;
  /** Resolves to [] when the folder does not exist. */
  readDirectory(path: string): Promise<FileEntry[]>;
  createDirectory(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  delete(path: string): Promise<void>;
  /**
   * Appends in one write (O_APPEND) and flushes to disk (unless `sync: false`, for checkpoints that may
   * lag after a crash); creates the file and its folder if needed. An incomplete last line left by an
   * interrupted write is first cut off (kept beside the file). `endsAt` is the size at which the caller
   * knows the file ends with a complete line (it wrote or checked it last, under its lock): when the
   * file still has that size, its end is not read again.
   */
  appendFile(path: string, data: string, options?: AppendOptions): Promise<void>;
}

/** An open file: its size when opened, and reads of up to `length` bytes from `start` (fewer at its end). */
export interface FileReader {
  readonly size: number;
  read(start: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface AppendOptions {
  sync?: boolean;
  /** The size the caller (holding a lock over the file) last saw: a longer file's incomplete tail is cut back. */
  endsAt?: number;
  /**
   * The caller holds no lock over the file, so another process may be appending right now: an
   * incomplete last line may be its write in progress and is never cut (nor is anything truncated after
   * a failed write); the data starts on a new line instead, and the reader sets a torn line aside.
   */
  withoutLock?: boolean;
}

export interface ClockPort {
  now(): number;
  setTimer(delayMs: number, callback: () => void): Disposable;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LoggerPort {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export interface SecretsPort {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** How a user of this host sets a provider's key (default: the VS Code command "Big Three: Set API Key"). */
  howToSetKey?(provider: 'openai' | 'anthropic' | 'gemini'): string;
}

export interface ApprovalRequest {
  action: string;
  detail: string;
  /** Optional preview shown to the user, such as a diff. */
  preview?: string;
}

export interface ApprovalPort {
  /** Resolves true only when the user explicitly approved. */
  requestApproval(request: ApprovalRequest): Promise<boolean>;
}

/**
 * The real clock. Its timers keep a Node process alive until they fire or are disposed: code awaits
 * them (retry backoff, polling, bounded waits), and an unreferenced timer would let a CLI exit
 * silently in the middle of such a wait. Owners dispose their timers when they are disposed.
 */
export const systemClock: ClockPort = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    const handle = setTimeout(callback, delayMs);
    return { dispose: () => clearTimeout(handle) };
  },
};

export const silentLogger: LoggerPort = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
