// The audit log's anchor, kept beside the audit folder (not in it): a sealed manifest of the rotated
// and pruned files (their sequence ranges and last hashes) and the newest chain head. Each line carries
// the sha256 of the line before it, so an edited or removed anchor line shows. With it, verification
// notices records deleted at the head (the oldest file or first records), in the middle and at the tail.
import { sha256 } from './audit-file-format';

/** The anchor of the audit folder `x` is the file `x-anchor.jsonl` beside it. */
export const ANCHOR_SUFFIX = '-anchor.jsonl';

export interface FileEntry {
  kind: 'rotated' | 'pruned';
  file: string;
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
  at: number;
}

export type AnchorEntry = { kind: 'head'; seq: number; hash: string; at: number } | FileEntry;

export interface AnchorState {
  head?: { seq: number; hash: string };
  /** Rotated files by name (pruned ones are listed in `pruned`). */
  files: Map<string, FileEntry>;
  pruned: FileEntry[];
  /** Lines that are damaged or do not link to the line before. */
  problems: string[];
  /** The last raw line, which the next line links to. */
  lastLine?: string;
}

export function encodeAnchorLine(entry: AnchorEntry, previousLine: string | undefined): string {
  return JSON.stringify({ ...entry, link: previousLine === undefined ? '' : sha256(previousLine) });
}

export function parseAnchor(text: string): AnchorState {
  const state: AnchorState = { files: new Map(), pruned: [], problems: [] };
  // A last line without its newline is an interrupted write of the (unflushed) checkpoint: ignored.
  const lines = text
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.length > 0);
  let previous: string | undefined;
  lines.forEach((line, index) => {
    let entry: (AnchorEntry & { link?: string }) | undefined;
    try {
      entry = JSON.parse(line) as AnchorEntry & { link?: string };
    } catch {
      state.problems.push(`anchor line ${index + 1} is not valid JSON`);
      previous = line;
      return;
    }
    const expected = previous === undefined ? '' : sha256(previous);
    if (entry.link !== expected)
      state.problems.push(`anchor line ${index + 1} does not link to the line before it (the anchor was edited or lines were removed)`);
    previous = line;
    if (entry.kind === 'head' && Number.isSafeInteger(entry.seq) && typeof entry.hash === 'string') {
      if (!state.head || entry.seq >= state.head.seq) state.head = { seq: entry.seq, hash: entry.hash };
    } else if ((entry.kind === 'rotated' || entry.kind === 'pruned') && typeof entry.file === 'string') {
      state.files.set(entry.file, entry);
      if (entry.kind === 'pruned') state.pruned.push(entry);
    }
  });
  if (previous !== undefined) state.lastLine = previous;
  return state;
}

/** The whole anchor rewritten (after a rotation): the manifest entries, then the head. */
export function compactAnchor(state: AnchorState, now: number): string {
  const entries: AnchorEntry[] = [...state.files.values()].sort((a, b) => a.firstSeq - b.firstSeq);
  if (state.head) entries.push({ kind: 'head', seq: state.head.seq, hash: state.head.hash, at: now });
  let previous: string | undefined;
  const lines = entries.map((e) => (previous = encodeAnchorLine(e, previous)));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
