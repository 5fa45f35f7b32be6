// Text from outside (commands, task text, file names, audit messages) printed to a terminal: control
// characters (ESC sequences, carriage returns, bell, C1 codes) and bidirectional overrides are shown
// escaped (\x1b, \u202e), as is every other invisible character (invisible-characters.ts), so output can
// never move the cursor, rewrite lines or hide text.
import { replaceInvisible } from './invisible-characters';

/** Bold on/off and reset: the only escape sequences our own output uses (search highlights). */
const HARMLESS_STYLE = /^\u001b\[(?:0|1|22)?m/;

export function escapeTerminal(text: string, { keepNewlines = false, allowBold = false }: { keepNewlines?: boolean; allowBold?: boolean } = {}): string {
  const escaped = replaceInvisible(
    text,
    (c, offset) => {
      if (allowBold && c === '\u001b' && HARMLESS_STYLE.test(text.slice(offset, offset + 5))) return c;
      const code = c.codePointAt(0)!;
      return code <= 0xff
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : code <= 0xffff
          ? `\\u${code.toString(16).padStart(4, '0')}`
          : `\\u{${code.toString(16)}}`;
    },
    { allowTabAndNewline: true },
  );
  return keepNewlines ? escaped : escaped.replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
