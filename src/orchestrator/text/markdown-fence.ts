// Text put into a generated markdown document verbatim, as a code block it cannot break out of.

/** A code fence longer than any backtick run in the text, so the text cannot close it. */
export function fenced(text: string, language: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, text, fence];
}
