// Turns retrieved code and experiences into context for a prompt, and a recommended approach: written
// by a configured LLM when there is one, otherwise a deterministic summary of what was found.
import type { LoggerPort } from '../ports';
import type { ExperienceMatch } from './experiences';
import type { CodeSearchResult } from './types';

/** Any text model (Gemini, Claude, an OpenAI-compatible server…). */
export interface TextGenerator {
  generate(prompt: string): Promise<string>;
}

export interface TaskContext {
  codeContext: CodeSearchResult[];
  experienceContext: ExperienceMatch[];
  recommendedApproach: string;
  /** 'llm' when a model wrote the approach, 'summary' otherwise. */
  approachSource: 'llm' | 'summary';
}

const MAX_SNIPPET_CHARS = 1200;

export function formatCode(results: readonly CodeSearchResult[]): string {
  return results
    .map((r) => {
      const lines = r.metadata.startLine ? `:${r.metadata.startLine}-${r.metadata.endLine}` : '';
      const body = r.content.length > MAX_SNIPPET_CHARS ? `${r.content.slice(0, MAX_SNIPPET_CHARS)}\n…` : r.content;
      const folder = typeof r.metadata.workspaceFolder === 'string' ? `[${r.metadata.workspaceFolder}] ` : '';
      return `--- ${folder}${r.codePath}${lines} (${r.metadata.language ?? 'text'}, score ${r.similarityScore})\n${body}`;
    })
    .join('\n\n');
}

export function formatExperiences(matches: readonly ExperienceMatch[]): string {
  return matches
    .map(({ record }) => {
      const parts = [`[${record.outcome}${record.expertType ? `, ${record.expertType}` : ''}] ${record.task}`];
      if (record.approach) parts.push(`  approach: ${record.approach}`);
      if (record.lessons) parts.push(`  lessons: ${record.lessons}`);
      return parts.join('\n');
    })
    .join('\n');
}

export function summarizeApproach(expertType: string, code: readonly CodeSearchResult[], experiences: readonly ExperienceMatch[]): string {
  const lines: string[] = [];
  if (code.length) {
    const places = code
      .slice(0, 3)
      .map((r) => `${r.codePath}${r.metadata.startLine ? `:${r.metadata.startLine}` : ''}${r.metadata.symbol ? ` (${r.metadata.symbol})` : ''}`);
    lines.push(`Start from ${places.join(', ')}.`);
  } else {
    lines.push('No indexed code matches this task; explore the workspace first (or run Index Workspace).');
  }
  const successes = experiences.filter((e) => e.record.outcome === 'success');
  const failures = experiences.filter((e) => e.record.outcome === 'failure');
  if (successes.length)
    lines.push(`Reuse what worked for "${successes[0]!.record.task}"${successes[0]!.record.approach ? `: ${successes[0]!.record.approach}` : ''}.`);
  if (failures.length)
    lines.push(
      `Avoid what failed for "${failures[0]!.record.task}"${failures[0]!.record.lessons ? ` (${failures[0]!.record.lessons})` : failures[0]!.record.approach ? ` (${failures[0]!.record.approach})` : ''}.`,
    );
  if (!experiences.length) lines.push(`No past experience recorded for similar tasks${expertType ? ` by ${expertType}` : ''}.`);
  return lines.join(' ');
}

export async function recommendApproach(
  task: string,
  expertType: string,
  code: readonly CodeSearchResult[],
  experiences: readonly ExperienceMatch[],
  generator: TextGenerator | undefined,
  logger: LoggerPort,
): Promise<{ text: string; source: 'llm' | 'summary' }> {
  const summary = summarizeApproach(expertType, code, experiences);
  if (!generator) return { text: summary, source: 'summary' };
  const prompt = [
    `You are helping a ${expertType || 'software'} expert plan a task. Recommend a concise approach (at most 8 short bullet points) grounded only in the context below.`,
    `Task: ${task}`,
    code.length ? `Relevant code:\n${formatCode(code)}` : 'No relevant code was found.',
    experiences.length ? `Past experiences:\n${formatExperiences(experiences)}` : 'No past experiences were found.',
  ].join('\n\n');
  try {
    const text = (await generator.generate(prompt)).trim();
    if (text) return { text, source: 'llm' };
    logger.warn('The language model returned an empty approach; using the summary of the retrieved context.');
  } catch (error) {
    logger.warn(`The language model could not write an approach (${(error as Error).message}); using the summary of the retrieved context.`);
  }
  return { text: summary, source: 'summary' };
}

export type AugmentContextType = 'code' | 'experience' | 'auto';

export interface AugmentedQuery {
  query: string;
  contextType: 'code' | 'experience' | 'both' | 'none';
  /** The query followed by the retrieved context, ready for a prompt. */
  augmentedQuery: string;
  code: CodeSearchResult[];
  experiences: ExperienceMatch[];
}

/** What retrieval needs from an index: one folder's RagService, or all folders of a workspace. */
export interface RetrievalSource {
  searchCode(query: string, limit: number): Promise<CodeSearchResult[]>;
  searchSimilarExperiences(query: string, limit: number): Promise<ExperienceMatch[]>;
}

export async function augmentQueryFrom(source: RetrievalSource, query: string, contextType: AugmentContextType, limit: number): Promise<AugmentedQuery> {
  const code = contextType === 'experience' ? [] : await source.searchCode(query, limit);
  const experiences = contextType === 'code' ? [] : await source.searchSimilarExperiences(query, limit);
  const sections = [query];
  if (code.length) sections.push(`Relevant code from the workspace:\n${formatCode(code)}`);
  if (experiences.length) sections.push(`Relevant past experiences:\n${formatExperiences(experiences)}`);
  const kind = code.length && experiences.length ? 'both' : code.length ? 'code' : experiences.length ? 'experience' : 'none';
  return { query, contextType: kind, augmentedQuery: sections.join('\n\n'), code, experiences };
}

export async function taskContextFrom(
  source: RetrievalSource,
  task: string,
  expertType: string,
  limit: number,
  generator: TextGenerator | undefined,
  logger: LoggerPort,
): Promise<TaskContext> {
  const codeContext = await source.searchCode(task, limit);
  const found = await source.searchSimilarExperiences(expertType ? `${task} ${expertType}` : task, limit * 2);
  // The same expert's experiences first, then the others, each group in search order.
  const experienceContext = [
    ...found.filter((e) => expertType && e.record.expertType === expertType),
    ...found.filter((e) => !expertType || e.record.expertType !== expertType),
  ].slice(0, limit);
  const approach = await recommendApproach(task, expertType, codeContext, experienceContext, generator, logger);
  return { codeContext, experienceContext, recommendedApproach: approach.text, approachSource: approach.source };
}
