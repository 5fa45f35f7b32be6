// Splits a definition body into its `## Heading` sections.

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
  for (const line of body.split(/\r?\n/)) {
    const h1 = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    const h2 = sectionHeading(line);
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
  for (const line of body.split(/\r?\n/)) {
    const h2 = sectionHeading(line);
    if (h2 !== undefined) skipping = h2 === heading;
    if (!skipping) kept.push(line);
  }
  return kept.join('\n');
}

/** The lowercased title of a `## Heading` line, or undefined for any other line. */
function sectionHeading(line: string): string | undefined {
  return /^##\s+(.+?)\s*#*\s*$/.exec(line)?.[1]!.toLowerCase();
}
