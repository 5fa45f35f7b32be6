// Characters text from outside must not hide behind: what a person approving a command line, or reading
// a file name or a terminal line, sees has to be what is there. Defined by Unicode properties rather
// than a hand list, so that every invisible character is covered, also those a list forgets (U+180E,
// U+2060–U+2064, variation selectors, tag characters, the soft hyphen: stop 30's red team):
// - Cc: control characters (tab and newline excepted where they are allowed);
// - Cf: format characters (zero-width spaces and joiners, bidirectional marks and overrides, tags);
// - Default_Ignorable_Code_Point: drawn as nothing (variation selectors, Hangul fillers, U+034F);
// - Zl, Zp: the line and paragraph separators (the shell does not end a line there, an editor does);
// - Cs: a lone surrogate, which is no character at all (UTF-8 turns it into U+FFFD).
// Exceptions, where such a character is part of what is drawn (writing-joiners-in-context.ts):
// - the prepended concatenation marks (U+0600–U+0605, U+06DD, …), format characters drawn as signs;
// - emoji: a presentation selector after a pictograph ("❤️"), a keycap's ("1️⃣"), a joiner between
//   pictographs ("👩‍💻"), a subdivision flag's tag letters ("🏴" + gbsct + end);
// - scripts: a joiner or non-joiner after a virama (Devanagari "क्‍ष", Sinhala "ශ්‍රී"), a non-joiner
//   between Arabic-script letters (Persian "گزارش‌ها"), Mongolian variation selectors after a Mongolian
//   letter, an ideographic variation selector after an ideograph.
// Used by the command check (command-guard.ts), the path check (path-guard.ts) and terminal output
// (terminal-text.ts).
import { drawnInContext } from './writing-joiners-in-context';

const INVISIBLE_CLASS = String.raw`[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Cs}]`;
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'gu');
const INVISIBLE_EXCEPT_LINE_BREAKS = new RegExp(String.raw`(?![\t\n])${INVISIBLE_CLASS}`, 'gu');

export interface InvisibleOptions {
  /** Tab and newline count as visible (a command line: a tab separates words, a newline commands). */
  allowTabAndNewline?: boolean;
}

function pattern(options: InvisibleOptions): RegExp {
  return options.allowTabAndNewline ? INVISIBLE_EXCEPT_LINE_BREAKS : INVISIBLE;
}

/** The first invisible character in `text`, if any. */
export function invisibleCharacter(text: string, options: InvisibleOptions = {}): string | undefined {
  for (const match of text.matchAll(pattern(options))) if (!drawnInContext(text, match.index, match[0])) return match[0];
  return undefined;
}

/** `text` with each invisible character replaced by what `show` makes of it (and its offset). */
export function replaceInvisible(text: string, show: (character: string, offset: number) => string, options: InvisibleOptions = {}): string {
  return text.replace(pattern(options), (c: string, offset: number) => (drawnInContext(text, offset, c) ? c : show(c, offset)));
}

/** U+180E for a character, to name it in a reason. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
