// Text from outside (commands, task text, file names, audit messages) printed to a terminal: control
// characters (ESC sequences, carriage returns, bell, C1 codes) and bidirectional overrides are shown
// escaped (\x1b, \u202e), so output can never move the cursor, rewrite lines or hide text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/g;

/** Bold on/off and reset: the only escape sequences our own output uses (search highlights). */
const HARMLESS_STYLE = /^\u001b\[(?:0|1|22)?m/;

export function escapeTerminal(text: string, { keepNewlines = false, allowBold = false }: { keepNewlines?: boolean; allowBold?: boolean } = {}): string {
  const escaped = text.replace(CONTROL, (c, offset: number) => {
    if (allowBold && c === '\u001b' && HARMLESS_STYLE.test(text.slice(offset, offset + 5))) return c;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return keepNewlines ? escaped : escaped.replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
