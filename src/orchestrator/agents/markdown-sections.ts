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

/**
 * Each line, and whether it lies in a fenced code block (the fence lines included): a fence opens with
 * three or more backticks or tildes indented by at most three spaces, and closes with a line of the
 * same character, at least as many, and nothing else; an unclosed fence runs to the end.
 */
function* markdownLines(body: string): Generator<{ line: string; fenced: boolean }> {
  let fence: { char: string; length: number } | undefined;
  for (const line of body.split(/\r?\n/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (marker && marker[1]![0] === fence.char && marker[1]!.length >= fence.length && !marker[2]!.trim()) fence = undefined;
      yield { line, fenced: true };
    } else if (marker && !(marker[1]![0] === '`' && marker[2]!.includes('`'))) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length };
      yield { line, fenced: true };
    } else {
      yield { line, fenced: false };
    }
  }
}
