// Characters a command line must not hold: what a person approving the line sees has to be what the
// shell runs. Defined by Unicode properties rather than a hand list, so that every invisible character
// is covered, also those a list forgets (U+180E, U+2060–U+2064, variation selectors, tag characters,
// the soft hyphen: stop 30's red team):
// - Cc: control characters (tab and newline excepted: a tab separates words, a newline commands);
// - Cf: format characters (zero-width spaces and joiners, bidirectional marks and overrides, tags);
// - Default_Ignorable_Code_Point: drawn as nothing (variation selectors, Hangul fillers, U+034F);
// - Zl, Zp: the line and paragraph separators (the shell does not end a line there, an editor does);
// - Cs: a lone surrogate, which is no character at all (UTF-8 turns it into U+FFFD).
// One exception: the emoji variation selectors (U+FE0E, U+FE0F) right after a pictograph ("❤️", "✔️"
// in a commit message) only choose how that visible character is drawn.
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Cs}]/gu;
const EMOJI_PRESENTATION = /\p{Extended_Pictographic}[\uFE0E\uFE0F]$/u;

/** The first invisible character in `text`, if any. */
export function invisibleCharacter(text: string): string | undefined {
  for (const match of text.matchAll(INVISIBLE)) {
    if ((match[0] === '\uFE0F' || match[0] === '\uFE0E') && EMOJI_PRESENTATION.test(text.slice(Math.max(0, match.index - 2), match.index + 1))) continue;
    return match[0];
  }
  return undefined;
}

/** U+180E for a character, to name it in a reason. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
