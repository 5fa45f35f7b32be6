// JSON Lines files (the evaluation sets, `select --file`): one reading for every command that takes them.
// Blank lines are skipped, lines end in LF or CRLF, and a byte order mark (an editor on Windows writes
// one) is not part of the first line. Line numbers are the file's own, counting the blank ones.
import { InvalidArgumentError } from '../errors';

export interface JsonLine {
  /** 1-based, as an editor shows it. */
  line: number;
  text: string;
}

/** The non-blank lines of a JSON Lines text. */
export function jsonLines(text: string): JsonLine[] {
  const out: JsonLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim()) out.push({ line: i + 1, text: line });
    });
  return out;
}

/** Each non-blank line parsed; a line that is not JSON is an error naming `source` and the line. */
export function parseJsonLines(text: string, source: string): Array<{ line: number; value: unknown }> {
  return jsonLines(text).map(({ line, text: json }) => {
    try {
      return { line, value: JSON.parse(json) as unknown };
    } catch (error) {
      throw new InvalidArgumentError(`${source}:${line}: not valid JSON (${(error as Error).message})`);
    }
  });
}
