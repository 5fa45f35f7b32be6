// Where mvdan/sh (0.10) reads a line otherwise than bash, so that what the check sees is not what runs
// (red team 33). Each is refused before the parse is trusted:
//   $ then a line continuation   bash joins `$\⏎(cmd)` into `$(cmd)` (`${…}`, `$NAME`, `$'…'` alike);
//                                the parser keeps a literal "$" and the expansion goes unseen;
//   # inside a word              bash starts a comment only at a word's start (`ls ''#;curl x` runs
//                                curl); the parser reads `#` after a quote as a comment to the line end;
//   a comment ending in \        bash ends a comment at the newline whatever comes before it; the parser
//                                joins the next line to the commented command as arguments.
import type { ShNode } from 'mvdan-sh';

/** `$` followed by a line continuation (a backslash before a carriage return escapes the carriage return). */
const DOLLAR_CONTINUATION = /\$\\\n/;
/** Bytes after which a `#` starts a word: blanks and bash's metacharacters. */
const WORD_START_BEFORE = new Set([...' \t\n;&|()<>'].map((c) => c.charCodeAt(0)));

/** Why the line cannot be trusted to the parser, or undefined. Runs before the parse. */
export function misreadBeforeParse(source: string): string | undefined {
  if (DOLLAR_CONTINUATION.test(source))
    return 'a $ is followed by a line continuation, which bash joins into an expansion ($\\⏎(…) is $(…)) the check cannot see';
  return undefined;
}

/** Why a comment the parser found is not the comment bash reads, or undefined. */
export function misreadComment(comment: ShNode, sourceBytes: Uint8Array): string | undefined {
  const text = String(comment.Text);
  if (text.includes('\n') || text.endsWith('\\'))
    return 'a comment ends in a backslash: bash ends it at the line end and runs the next line, which the parser reads as part of the comment';
  const offset = (comment.Hash as { Offset(): number }).Offset();
  if (offset > 0 && !WORD_START_BEFORE.has(sourceBytes[offset - 1]!))
    return 'a # inside a word (after a quote or a character): bash keeps it in the word and runs what follows, which the parser reads as a comment';
  return undefined;
}
