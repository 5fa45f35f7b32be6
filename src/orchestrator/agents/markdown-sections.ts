// Splits a definition body into its `## Heading` sections. A heading inside a fenced code block (``` or
// ~~~, as CommonMark fences them) is text of its section, not a heading.

export interface BodySections {
  title?: string;
  sections: Map<string, string>;
}

export function splitSections(body: string): BodySections {
  const sections = new Map<string, string>();
  let title: string | undefined;
  let current: string | undefined;
  let buffer: string[] = [];
  const flush = () => {
    if (current !== undefined) sections.set(current, buffer.join('\n').trim());
    buffer = [];
  };
  for (const { line, fenced } of markdownLines(body)) {
    const h1 = fenced ? null : /^#\s+(.+?)\s*#*\s*$/.exec(line);
    const h2 = fenced ? undefined : sectionHeading(line);
    if (h2 !== undefined) {
      flush();
      current = h2;
    } else if (h1 && title === undefined && current === undefined) {
      title = h1[1];
    } else {
      buffer.push(line);
    }
  }
  flush();
  return { title, sections };
}

/** The body without one `## Heading` section (its heading and lines up to the next `##` heading). */
export function withoutSection(body: string, heading: string): string {
  const kept: string[] = [];
  let skipping = false;
  for (const { line, fenced } of markdownLines(body)) {
    const h2 = fenced ? undefined : sectionHeading(line);
    if (h2 !== undefined) skipping = h2 === heading;
    if (!skipping) kept.push(line);
  }
  return kept.join('\n');
}

/** The lowercased title of a `## Heading` line, or undefined for any other line. */
function sectionHeading(line: string): string | undefined {
  return /^##\s+(.+?)\s*#*\s*$/.exec(line)?.[1]!.toLowerCase();
}

/** A fence opening: indented or after a list item's marker, three or more backticks or tildes, then an info string. */
const FENCE_OPEN = /^\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(`{3,}|~{3,})(.*)$/;
/** A fence closing: the fence's character, at least as many, and nothing else (indented as a list item's content may be). */
const FENCE_CLOSE = /^\s*(`{3,}|~{3,})\s*$/;

/**
 * Each line, and whether it lies in a fenced code block (the fence lines included). A fence opens with
 * three or more backticks or tildes (at the start of a line or of a list item; a backtick fence's info
 * string has no backtick) and closes with a line of the same character, at least as many, and nothing
 * else. A fence that never closes is not taken as one: in a list item CommonMark ends it with the item,
 * and taking it to the end of the body would hide every section after it (review of stop 29).
 */
function* markdownLines(body: string): Generator<{ line: string; fenced: boolean }> {
  const lines = body.split(/\r?\n/);
  const fenced = new Array<boolean>(lines.length).fill(false);
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!);
    if (!open || (open[1]![0] === '`' && open[2]!.includes('`'))) continue;
    const [char, length] = [open[1]![0]!, open[1]!.length];
    let close = i + 1;
    for (; close < lines.length; close++) {
      const marker = FENCE_CLOSE.exec(lines[close]!)?.[1];
      if (marker && marker[0] === char && marker.length >= length) break;
    }
    if (close === lines.length) continue;
    for (let k = i; k <= close; k++) fenced[k] = true;
    i = close;
  }
  for (let i = 0; i < lines.length; i++) yield { line: lines[i]!, fenced: fenced[i]! };
}
