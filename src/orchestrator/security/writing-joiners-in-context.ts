// When a character the invisible-character rule names (invisible-characters.ts) is part of what is drawn:
// a format character drawn as a sign, or a selector or joiner that only chooses how the visible letters or
// pictographs beside it are drawn. Each context is narrow (what precedes and follows is named), so such a
// character cannot stand alone or carry hidden text: a subdivision flag's tag letters are at most seven,
// from a black flag to the cancel tag (ASCII smuggled in tags has no flag around it).
const VIRAMAS = new Set([
  0x094d, 0x09cd, 0x0a4d, 0x0acd, 0x0b4d, 0x0bcd, 0x0c4d, 0x0ccd, 0x0d3b, 0x0d3c, 0x0d4d, 0x0dca, 0x0e3a, 0x0f84, 0x1039, 0x103a, 0x1714, 0x1734, 0x17d2,
  0x1a60, 0x1b44, 0x1baa, 0x1bab, 0xa806, 0xa8c4, 0xa953, 0xa9c0, 0xaaf6, 0xabed, 0x10a3f, 0x11046, 0x1107f, 0x110b9, 0x11133, 0x111c0, 0x11235, 0x112ea,
  0x1134d, 0x11442, 0x114c2, 0x115bf, 0x1163f, 0x116b6, 0x1172b, 0x11839, 0x119e0, 0x11a34, 0x11a47, 0x11a99, 0x11c3f, 0x11d44, 0x11d45, 0x11d97,
]);
/** Format characters drawn as signs (Unicode's Prepended_Concatenation_Mark: Arabic number signs, the end of ayah, …). */
const DRAWN_FORMAT = new Set([0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06dd, 0x070f, 0x0890, 0x0891, 0x08e2, 0x110bd, 0x110cd]);

const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const IDEOGRAPH = /^\p{Ideographic}$/u;
const ARABIC_LETTER = /^(?=\p{Script=Arabic})\p{L}$/u;
const MONGOLIAN_LETTER = /^(?=\p{Script=Mongolian})\p{L}$/u;
const KEYCAP_BASE = /^[0-9#*]$/;
const TAG_LETTER = /^[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]$/u;

function before(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return String.fromCodePoint(text.codePointAt(start)!);
}

/** The character that starts at `index`. */
function at(text: string, index: number): string | undefined {
  return index < text.length ? String.fromCodePoint(text.codePointAt(index)!) : undefined;
}

const is = (re: RegExp, c: string | undefined) => c !== undefined && re.test(c);
const isVirama = (c: string | undefined) => c !== undefined && VIRAMAS.has(c.codePointAt(0)!);

/** A pictograph, possibly with its presentation selector or skin-tone modifier, ends just before `index`. */
function pictographBefore(text: string, index: number): boolean {
  let at = index;
  let c = before(text, at);
  while (c !== undefined && (c === '\uFE0F' || is(EMOJI_MODIFIER, c))) {
    at -= c.length;
    c = before(text, at);
  }
  return is(PICTOGRAPH, c);
}

/** Inside a subdivision flag: U+1F3F4, two to seven tag letters, U+E007F (the cancel tag). */
function inSubdivisionFlag(text: string, index: number): boolean {
  let start = index;
  for (let c = before(text, start); c !== undefined && is(TAG_LETTER, c); c = before(text, start)) start -= c.length;
  if (before(text, start) !== '\u{1F3F4}') return false;
  let end = start;
  let letters = 0;
  for (let c = at(text, end); c !== undefined && is(TAG_LETTER, c); c = at(text, end)) {
    end += c.length;
    letters++;
  }
  return letters >= 2 && letters <= 7 && end >= index && at(text, end) === '\u{E007F}';
}

export function drawnInContext(text: string, index: number, character: string): boolean {
  const code = character.codePointAt(0)!;
  if (DRAWN_FORMAT.has(code)) return true;
  const previous = before(text, index);
  const next = at(text, index + character.length);
  switch (true) {
    case code === 0xfe0f || code === 0xfe0e:
      return is(PICTOGRAPH, previous) || (is(KEYCAP_BASE, previous) && next === '\u20E3');
    case code === 0x200d:
      return (pictographBefore(text, index) && is(PICTOGRAPH, next)) || isVirama(previous);
    case code === 0x200c:
      return isVirama(previous) || (is(ARABIC_LETTER, previous) && is(ARABIC_LETTER, next));
    case code >= 0x180b && code <= 0x180f:
      return is(MONGOLIAN_LETTER, previous) && (code !== 0x180e || is(MONGOLIAN_LETTER, next));
    case code >= 0xe0100 && code <= 0xe01ef:
      return is(IDEOGRAPH, previous);
    case is(TAG_LETTER, character):
      return inSubdivisionFlag(text, index);
    case code === 0xe007f:
      return is(TAG_LETTER, previous) && inSubdivisionFlag(text, index - previous!.length);
    default:
      return false;
  }
}
