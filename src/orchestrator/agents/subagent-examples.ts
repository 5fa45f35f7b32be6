// Claude Code subagent collections write examples into the `description` field:
//   "Use this agent when ... Examples: <example>Context: ... user: "..." assistant: "..."
//    <commentary>...</commentary></example> <example>...</example>"
// What the user says in each example is a request this agent is the one for — the best evidence a
// description holds — while the context, the assistant's reply and the commentary mostly repeat the agent's
// name. This splits such a description into its prose (outside the blocks) and the users' requests.

export interface SubagentDescription {
  /** The description without its example blocks (the whole description when it has none). */
  summary: string;
  /** What the user says in each example block, in order. */
  requests: string[];
}

/** Example blocks read at most (a description is at most 32,000 characters). */
const MAX_EXAMPLES = 60;
/** A request longer than this is cut (characters). */
const MAX_REQUEST = 500;

const BLOCK = /<example>([\s\S]*?)(?:<\/example>|(?=<example>)|$)/gi;
/** A speaker's label (`user:`, `- **User**:`) for the speakers named, as regular-expression source. */
const label = (speakers: string) => String.raw`(?:[-*][ \t]+)?\**(?:${speakers})\**[ \t]*:`;
/** Any speaker's label: where a user's request ends. */
const LABEL = label('assistant|context|user');
/**
 * What the user says: after `user:` (at the start of the block, a line, or after whitespace: collections
 * that write a description on one line), up to the next speaker's label, the commentary or the block's end.
 */
const USER_LINE = new RegExp(
  // One whitespace character before the next label (the lazy match stops at the last one): `\s+` there
  // would try every run of spaces again at every character, quadratic in a long run.
  String.raw`(?:^|\s)${label('user')}[ \t]*([\s\S]*?)(?=\s${LABEL}|<\/?(?:commentary|example)\b|$)`,
  'gi',
);
/** The label that introduced the blocks ("Examples:"), and wrappers around them. */
const EXAMPLES_LABEL = /\b(?:for\s+)?examples?\s*:|<\/?examples>/gi;
/** Quote pairs a request may be written in. */
const QUOTES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['“', '”'],
  ["'", "'"],
  ['‘', '’'],
]);

export function splitSubagentDescription(description: string): SubagentDescription {
  if (!/<example>/i.test(description)) return { summary: description, requests: [] };
  const requests: string[] = [];
  // A block with a user's request is replaced by it; one without (prose in example tags) stays prose.
  const prose = description.replace(BLOCK, (_block: string, inner: string) => {
    const found = requests.length < MAX_EXAMPLES ? [...inner.matchAll(USER_LINE)].map((m) => unquote(m[1] ?? '')).filter(Boolean) : [];
    if (!found.length) return ` ${inner} `;
    for (const request of found) if (requests.length < MAX_EXAMPLES) requests.push(request.slice(0, MAX_REQUEST));
    return ' ';
  });
  if (!requests.length) return { summary: description, requests };
  const summary = prose.replace(EXAMPLES_LABEL, ' ').replace(/\s+/g, ' ').trim();
  return { summary: summary || description, requests };
}

function unquote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const close = QUOTES.get(t[0] ?? '');
  return close && t.length > 1 && t.endsWith(close) ? t.slice(1, -1).trim() : t;
}
