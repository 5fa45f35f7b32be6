// The Claude coder's system prompt: the selected expert's own definition (role, system prompt,
// guidelines), the rules of the tool loop, and the context retrieved for the task.
import type { ExpertDefinition } from '../agents/expert-definition';
import type { CoderToolSpec } from './coder-tools';
import type { RetrievedContext } from './delegate-types';

const MAX_SNIPPET_CHARS = 1_500;
const MAX_CONTEXT_CHARS = 12_000;

/** ":12-30" from a chunk's startLine/endLine metadata, or "" without them. */
export function lineRange(metadata: Readonly<Record<string, unknown>>): string {
  const start = metadata.startLine;
  if (typeof start !== 'number') return '';
  const end = typeof metadata.endLine === 'number' ? metadata.endLine : start;
  return `:${start}-${end}`;
}

export function formatRetrievedContext(context: RetrievedContext | undefined): string {
  if (!context) return '';
  const parts: string[] = [];
  let budget = MAX_CONTEXT_CHARS;
  for (const r of context.codeContext) {
    const lines = lineRange(r.metadata);
    const body = r.content.length > MAX_SNIPPET_CHARS ? `${r.content.slice(0, MAX_SNIPPET_CHARS)}\n…` : r.content;
    const block = `--- ${r.codePath}${lines}\n${body}`;
    if (block.length > budget) break;
    budget -= block.length;
    parts.push(block);
  }
  const experiences = context.experienceContext.map(({ record }) =>
    [`- [${record.outcome}] ${record.task}`, record.approach ? `  approach: ${record.approach}` : '', record.lessons ? `  lessons: ${record.lessons}` : '']
      .filter(Boolean)
      .join('\n'),
  );
  const out: string[] = [];
  if (parts.length) out.push(`Relevant code found in the workspace index (it may be outdated; read files before editing):\n${parts.join('\n\n')}`);
  if (experiences.length) out.push(`Past experience with similar tasks:\n${experiences.join('\n')}`);
  if (context.recommendedApproach.trim()) out.push(`Recommended approach: ${context.recommendedApproach.trim()}`);
  return out.join('\n\n');
}

export function buildCoderSystemPrompt(expert: ExpertDefinition, tools: readonly CoderToolSpec[], context?: RetrievedContext): string {
  const names = tools.map((t) => t.name);
  const canChange = names.includes('edit_file') || names.includes('create_file');
  const sections = [
    `You are ${expert.displayName}, an expert working inside the user's VS Code workspace through tools.`,
    expert.systemPrompt.trim(),
    expert.role.trim() ? `## Role\n${expert.role.trim()}` : '',
    expert.guidelines.trim() ? `## Guidelines\n${expert.guidelines.trim()}` : '',
    [
      '## How you work',
      `Your tools: ${names.length ? names.join(', ') : 'none'}.`,
      'Paths are relative to the workspace folder. Read a file before you change it.',
      canChange
        ? 'Change files only with edit_file (exact replacement of text that occurs once) or create_file. Keep changes minimal and focused on the task.'
        : 'You cannot change files: your definition gives you no edit or write tool. Explain what should change instead.',
      "Every action passes the user's security rules and may need approval. If an action is refused, do not try to get around it: say what you could not do.",
      'When you are done, answer with a short summary of what you did (files changed, commands run, anything left open).',
    ].join('\n'),
    formatRetrievedContext(context),
  ];
  return sections.filter((s) => s && s.trim()).join('\n\n');
}

export function buildCoderUserPrompt(task: string, files: readonly string[] = []): string {
  return files.length ? `${task}\n\nFiles to start from: ${files.join(', ')}` : task;
}
