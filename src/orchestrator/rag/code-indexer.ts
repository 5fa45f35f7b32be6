// Indexes a workspace folder into a collection: only files whose content hash changed are chunked and
// embedded again, deleted or newly ignored files are removed, and a checkpoint is saved every few files
// so a crash or a cancel loses at most one batch (the next run resumes from the checkpoints). Work is
// done in batches with yields in between; embedding itself runs in ONNX Runtime's own threads.
import { createHash } from 'crypto';
import * as path from 'path';
import { systemClock, type ClockPort, type FileSystemPort, type LoggerPort } from '../ports';
import { DEFAULT_CHUNKER_OPTIONS, chunkText, type ChunkerOptions } from './chunker';
import { redactSecrets, redactSecretsKeepingLines } from '../security/secrets/secret-scanner';
import type { Collection } from './collection';
import { IndexCancelledError } from './errors';
import type { IgnoreRules } from './ignore-rules';
import { languageOf } from './languages';
import { sharedOutliner, type OutlineNode } from './syntax-outline';
import type { CancellationSignal, Chunk, ChunkMetadata, Progress } from './types';
import { decodeText, scanWorkspace, type ScanResult, type ScannedFile, type SkipReason } from './workspace-scanner';
import { yieldToEventLoop } from '../time-slice';
import { ReadAhead } from './read-ahead';
import { waitWhilePaused, type PauseSource } from './index-pacing';

export interface CodeIndexerOptions {
  fs: FileSystemPort;
  logger: LoggerPort;
  rules: IgnoreRules;
  collection: Collection;
  maxFileBytes?: number;
  chunker?: ChunkerOptions;
  /** Files embedded per call (bounds memory and keeps cancellation responsive). */
  batchFiles?: number;
  /** A checkpoint is written after this many changed files. */
  checkpointFiles?: number;
  /**
   * Runs a full pass somewhere else (the indexing child process) instead of here: indexAll, and updates that need a
   * full pass (ignore rules or folders changed, or a burst of more than BULK_UPDATE_FILES files).
   */
  fullPass?: (onProgress?: (p: Progress) => void, cancellation?: CancellationSignal) => Promise<IndexRunReport>;
  /** Says when a pass should wait between files (a command of the person at the editor runs; index-pacing.ts). */
  pacing?: PauseSource;
  /** The timers a paused pass waits on (default: the system's). */
  clock?: ClockPort;
}

/** A live update of more files than this is done as a full pass. */
export const BULK_UPDATE_FILES = 256;

export interface IndexRunReport {
  filesScanned: number;
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  chunksIndexed: number;
  skipped: Partial<Record<SkipReason, number>>;
  durationMs: number;
  /** Of durationMs, how long the pass waited for the person at the editor (index-pacing.ts); absent when it never did. */
  pausedMs?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 1_000_000;

/**
 * How a file becomes chunks (the chunker and the redaction before it): part of every file's hash, so a
 * change here makes the next run cut every file again instead of keeping chunks made the old way
 * (version 2: files are redacted whole before they are cut, stop 23).
 */
const CHUNKING_VERSION = '2';

/**
 * Files with a lone \r line end were outlined on the wrong lines before stop 24: their hash changes (so
 * they are cut again), every other file's stays (no re-index of the rest).
 */
const LONE_CR_FIX = 'lone-cr 1\0';

export function contentHash(text: string): string {
  const hash = createHash('sha1').update(`chunking ${CHUNKING_VERSION}\0`);
  if (text.includes('\r') && /\r(?!\n)/.test(text)) hash.update(LONE_CR_FIX);
  return hash.update(text).digest('hex');
}

/** Declarations of a document from the parser, when its language has a grammar (else undefined: line patterns). */
export async function outlineOf(relPath: string, text: string, logger?: LoggerPort, language = languageOf(relPath)): Promise<OutlineNode[] | undefined> {
  const outliner = await sharedOutliner(logger);
  if (!outliner?.supports(language)) return undefined;
  try {
    // The chunker counts a lone \r as a line break (old Mac files); the parser counts only \n. The same
    // text with each lone \r made a \n (same length) gives the parser the chunker's lines.
    return await outliner.outline(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, language);
  } catch (error) {
    logger?.warn(`Could not parse ${relPath} (${(error as Error).message}); chunked by line patterns.`);
    return undefined;
  }
}

/** Chunks of one document with ids and metadata (language, path, line range, kind, symbol). */
export function chunksOf(
  relPath: string,
  text: string,
  options: ChunkerOptions = DEFAULT_CHUNKER_OPTIONS,
  extra: ChunkMetadata = {},
  outline?: readonly OutlineNode[],
): Chunk[] {
  const language = typeof extra.language === 'string' ? extra.language : languageOf(relPath);
  // The file is indexed, a secret in it never is: redacted whole, before it is cut (a chunk boundary
  // between a key's name and its value would hide the value from the rule that needs both), keeping
  // its lines so the outline's line numbers still hold. Ids are hashed from the redacted text too.
  const clean = redactSecretsKeepingLines(text);
  return chunkText(clean, language, options, outline).map((raw, ordinal) => ({
    id: createHash('sha1').update(`${relPath}\0${ordinal}\0${raw.startLine}\0${raw.text}`).digest('hex').slice(0, 24),
    text: raw.text,
    metadata: {
      ...extra,
      path: relPath,
      language,
      startLine: raw.startLine,
      endLine: raw.endLine,
      kind: raw.kind,
      ...(raw.symbol ? { symbol: redactSecrets(raw.symbol) } : {}),
    },
  }));
}

interface Prepared {
  key: string;
  hash: string;
  stamp: string;
  chunks: Chunk[];
}

export class CodeIndexer {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CodeIndexerOptions) {}

  get root(): string {
    return this.options.rules.root;
  }

  /** Runs `work` after every operation queued before it (one writer at a time). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  indexAll(onProgress?: (p: Progress) => void, cancellation?: CancellationSignal): Promise<IndexRunReport> {
    return this.exclusive(() => this.runAll(onProgress, cancellation));
  }

  /** Re-checks the given files (relative paths): changed ones are re-indexed, gone or ignored ones removed. */
  updateFiles(relPaths: readonly string[]): Promise<IndexRunReport> {
    return this.exclusive(() => this.runUpdate(relPaths));
  }

  /** Indexes a text that need not exist on disk (e.g. an unsaved buffer). */
  indexText(relPath: string, content: string, metadata: ChunkMetadata = {}): Promise<number> {
    return this.exclusive(async () => {
      const language = typeof metadata.language === 'string' ? metadata.language : languageOf(relPath);
      const chunks = chunksOf(relPath, content, this.options.chunker, metadata, await outlineOf(relPath, content, this.options.logger, language));
      await this.options.collection.put([{ key: relPath, hash: contentHash(content), chunks }]);
      await this.options.collection.commit();
      return chunks.length;
    });
  }

  private async runAll(onProgress?: (p: Progress) => void, cancellation?: CancellationSignal): Promise<IndexRunReport> {
    if (this.options.fullPass) return this.options.fullPass(onProgress, cancellation);
    const started = Date.now();
    const { collection, fs, rules, logger } = this.options;
    rules.reset();
    onProgress?.({ phase: 'scanning', filesDone: 0, filesTotal: 0, chunksDone: 0 });
    let pausedWhileScanning = 0;
    const scan = await scanWorkspace(
      fs,
      rules,
      this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      cancellation,
      async () => (pausedWhileScanning += await this.waitIfPaused(cancellation)),
    );
    if (cancellation?.isCancellationRequested) throw new IndexCancelledError(0);
    const report: IndexRunReport = {
      filesScanned: scan.files.length,
      filesIndexed: 0,
      filesUnchanged: 0,
      filesRemoved: 0,
      chunksIndexed: 0,
      skipped: { ...scan.skipped },
      durationMs: 0,
      ...(pausedWhileScanning > 0 ? { pausedMs: pausedWhileScanning } : {}),
    };

    // This pass's own mark (pass-marks.ts): kept, as abandoned, when the pass fails or is cancelled; a pass
    // killed outright leaves it under a process that is gone. Either way a later finished pass clears it.
    const mark = await collection.passes.begin();
    let done: number;
    try {
      done = await this.writePass(collection, scan, report, onProgress, cancellation);
    } catch (error) {
      await collection.passes
        .abandon(mark)
        .catch((e: unknown) => logger.warn(`Could not mark the unfinished indexing pass as abandoned: ${(e as Error).message}`));
      throw error;
    }
    await collection.passes.end(mark);
    report.durationMs = Date.now() - started;
    onProgress?.({ phase: 'done', filesDone: done, filesTotal: scan.files.length, chunksDone: report.chunksIndexed });
    logger.info(
      `Indexed ${rules.root}: ${report.filesIndexed} changed, ${report.filesUnchanged} unchanged, ${report.filesRemoved} removed, ${report.chunksIndexed} chunks in ${report.durationMs} ms.`,
    );
    return report;
  }

  /** The writing part of a full pass: removes what is gone, indexes what changed; resolves to the files looked at. */
  private async writePass(
    collection: Collection,
    scan: ScanResult,
    report: IndexRunReport,
    onProgress?: (p: Progress) => void,
    cancellation?: CancellationSignal,
  ): Promise<number> {
    const { rules, logger } = this.options;
    const present = new Set(scan.files.map((f) => f.relPath));
    // What could not be read this time is not gone: its documents stay until it can be read again.
    const kept = (key: string) => scan.unreadable.some((rel) => key === rel || key.startsWith(`${rel}/`));
    for (const rel of scan.unreadable) logger.warn(`Could not read ${rel} in ${rules.root}; it is left as the index had it.`);
    const gone = [...collection.docs.keys()].filter((key) => !present.has(key) && !kept(key));
    if (gone.length) {
      onProgress?.({ phase: 'removing', filesDone: 0, filesTotal: scan.files.length, chunksDone: 0 });
      await collection.remove(gone);
      report.filesRemoved = gone.length;
      await collection.commit();
    }

    const batchFiles = this.options.batchFiles ?? 16;
    const checkpointFiles = this.options.checkpointFiles ?? 64;
    let sinceCheckpoint = 0;
    let batch: Prepared[] = [];
    let done = 0;
    const flush = async () => {
      if (!batch.length) return;
      await collection.put(batch);
      report.filesIndexed += batch.length;
      report.chunksIndexed += batch.reduce((n, p) => n + p.chunks.length, 0);
      sinceCheckpoint += batch.length;
      batch = [];
      if (sinceCheckpoint >= checkpointFiles) {
        await collection.commit();
        sinceCheckpoint = 0;
      }
    };
    const ahead = new ReadAhead(
      scan.files,
      (file) => this.changedSince(file),
      (file) => this.readIndexed(file.absPath),
    );
    try {
      for (const [index, file] of scan.files.entries()) {
        await this.giveWay(report, cancellation);
        if (cancellation?.isCancellationRequested) {
          await flush();
          throw new IndexCancelledError(report.filesIndexed);
        }
        const prepared = await this.prepare(file, report, ahead.take(index));
        done++;
        if (prepared) batch.push(prepared);
        else if (done % 256 === 0) await yieldToEventLoop();
        if (batch.length >= batchFiles) {
          await flush();
          await yieldToEventLoop();
        }
        onProgress?.({ phase: 'indexing', filesDone: done, filesTotal: scan.files.length, chunksDone: report.chunksIndexed, currentFile: file.relPath });
      }
      await flush();
    } finally {
      onProgress?.({ phase: 'saving', filesDone: done, filesTotal: scan.files.length, chunksDone: report.chunksIndexed });
      await collection.commit();
    }
    // A pass that changed a good share of the index leaves it as one compact base file, which opens
    // without re-tokenizing; a few changed files stay in small checkpoints until they pile up.
    const changed = report.filesIndexed + report.filesRemoved;
    if (collection.pendingSegments && (changed > 64 || changed * 20 > collection.docs.size)) {
      onProgress?.({ phase: 'saving', filesDone: done, filesTotal: scan.files.length, chunksDone: report.chunksIndexed });
      await collection.compact();
    }
    return done;
  }

  /** Waits while the pacing says the person at the editor comes first; the time is added to the report. */
  private async giveWay(report: IndexRunReport, cancellation?: CancellationSignal): Promise<void> {
    const waited = await this.waitIfPaused(cancellation);
    if (waited > 0) report.pausedMs = (report.pausedMs ?? 0) + waited;
  }

  /** Waits while the pacing says to; resolves to the milliseconds waited (0 at once when not paused). */
  private async waitIfPaused(cancellation?: CancellationSignal): Promise<number> {
    const { pacing, clock = systemClock } = this.options;
    return pacing && pacing.remainingMs() > 0 ? waitWhilePaused(pacing, clock, cancellation) : 0;
  }

  /**
   * A listed file's bytes, read only if it is still a regular file within the size limit and not a link
   * (fourteenth red team: swapped after the scan for a link to /dev/zero, one run grew to 24 GB; for a
   * link out of the workspace, the outside file was indexed; a pipe hung the run).
   */
  private readIndexed(absPath: string): Promise<Uint8Array> {
    const { fs } = this.options;
    const { rules, maxFileBytes } = this.options;
    return fs.readRegularFile ? fs.readRegularFile(absPath, maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, rules.root) : fs.readFile(absPath);
  }

  /** Whether a file's size or modification time differs from what the index saw (else it is not read). */
  private changedSince(file: ScannedFile): boolean {
    const known = this.options.collection.docs.get(file.relPath);
    return !(known && known.stamp === `${file.size}:${Math.floor(file.mtimeMs)}` && !this.options.collection.isStale(file.relPath, known.hash));
  }

  /** Reads (or takes the read-ahead of), hashes and chunks a file when it changed; undefined when it is unchanged or skipped. */
  private async prepare(file: ScannedFile, report: IndexRunReport, preread?: Promise<Uint8Array | Error>): Promise<Prepared | undefined> {
    const { collection, logger } = this.options;
    const stamp = `${file.size}:${Math.floor(file.mtimeMs)}`;
    const known = collection.docs.get(file.relPath);
    if (!this.changedSince(file)) {
      report.filesUnchanged++;
      return undefined;
    }
    let bytes: Uint8Array;
    try {
      const read = preread ? await preread : await this.readIndexed(file.absPath);
      if (read instanceof Error) throw read;
      bytes = read;
    } catch (error) {
      logger.warn(`Could not read ${file.absPath}: ${(error as Error).message}`);
      report.skipped.unreadable = (report.skipped.unreadable ?? 0) + 1;
      return undefined;
    }
    const decoded = decodeText(bytes);
    if ('skip' in decoded) {
      report.skipped[decoded.skip] = (report.skipped[decoded.skip] ?? 0) + 1;
      if (known) await collection.remove([file.relPath]);
      return undefined;
    }
    const hash = contentHash(decoded.text);
    if (!collection.isStale(file.relPath, hash)) {
      report.filesUnchanged++;
      if (known && known.stamp !== stamp) known.stamp = stamp; // persisted with its next change; only saves a read
      return undefined;
    }
    return {
      key: file.relPath,
      hash,
      stamp,
      chunks: chunksOf(file.relPath, decoded.text, this.options.chunker, {}, await outlineOf(file.relPath, decoded.text, logger)),
    };
  }

  private async runUpdate(relPaths: readonly string[]): Promise<IndexRunReport> {
    const started = Date.now();
    const { collection, fs, rules, logger } = this.options;
    const report: IndexRunReport = { filesScanned: 0, filesIndexed: 0, filesUnchanged: 0, filesRemoved: 0, chunksIndexed: 0, skipped: {}, durationMs: 0 };
    if (relPaths.length > BULK_UPDATE_FILES && this.options.fullPass) return this.runAll();
    if (relPaths.some((p) => /(^|\/)\.(gitignore|bigthreeignore)$/.test(p))) {
      // Ignore rules changed: only a full pass can tell which files enter or leave the index.
      return this.runAll();
    }
    const prepared: Prepared[] = [];
    const removals: string[] = [];
    for (const relPath of new Set(relPaths.map((p) => p.split(path.sep).join('/')))) {
      const abs = path.join(rules.root, relPath);
      const stat = await fs.stat(abs);
      if (stat?.isDirectory) {
        // A folder appeared or was renamed: remove what vanished under it and index what is there now.
        return this.runAll();
      }
      const reason = stat?.isFile ? await rules.check(relPath) : 'gone';
      if (!stat?.isFile || reason || stat.size > (this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) {
        const under = [...collection.docs.keys()].filter((k) => k === relPath || k.startsWith(`${relPath}/`));
        removals.push(...under);
        continue;
      }
      report.filesScanned++;
      const p = await this.prepare({ relPath, absPath: abs, size: stat.size, mtimeMs: stat.mtimeMs }, report);
      if (p) prepared.push(p);
    }
    if (removals.length) {
      report.filesRemoved = new Set(removals.filter((k) => collection.docs.has(k))).size;
      await collection.remove(removals);
    }
    if (prepared.length) {
      await collection.put(prepared);
      report.filesIndexed = prepared.length;
      report.chunksIndexed = prepared.reduce((n, p) => n + p.chunks.length, 0);
    }
    await collection.commit();
    report.durationMs = Date.now() - started;
    if (report.filesIndexed || report.filesRemoved)
      logger.debug(`Live update: ${report.filesIndexed} re-indexed, ${report.filesRemoved} removed in ${report.durationMs} ms.`);
    return report;
  }
}
