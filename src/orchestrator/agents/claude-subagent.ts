// Claude Code subagent files (.claude/agents/*.md: name, description, tools, model) read as experts.
import type { ExpertTool } from './expert-definition';
import { STOP_WORDS, tokenize } from '../text/text-normalize';

/** A Map so that a tool named "constructor" or "__proto__" is just an unknown tool. */
const CLAUDE_TOOL_MAP = new Map<string, ExpertTool[]>(
  Object.entries({
    read: ['read_file'],
    write: ['write_file'],
    edit: ['edit_file'],
    multiedit: ['edit_file'],
    notebookedit: ['edit_file'],
    glob: ['list_files'],
    ls: ['list_files'],
    grep: ['search_code'],
    bash: ['run_command'],
    webfetch: ['browser'],
    websearch: ['web_search'],
  }) as Array<[string, ExpertTool[]]>,
);
/** Claude Code tools that exist only inside Claude Code and need no mapping. */
const CLAUDE_INTERNAL_TOOLS = new Set(['task', 'todowrite', 'todoread', 'exitplanmode', 'bashoutput', 'killbash', 'killshell']);

export function claudeToolsToExpertTools(names: readonly string[]): { tools: ExpertTool[]; unknown: string[] } {
  const tools = new Set<ExpertTool>();
  const unknown: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    const mapped = CLAUDE_TOOL_MAP.get(key);
    if (mapped) mapped.forEach((t) => tools.add(t));
    else if (!CLAUDE_INTERNAL_TOOLS.has(key)) unknown.push(name);
  }
  return { tools: [...tools], unknown };
}

/** Distinct content words of a text, used as triggers for definitions that have none. */
export function keywordsFromText(text: string, limit = 40): string[] {
  const seen = new Set<string>();
  for (const token of tokenize(text)) {
    if (token.length < 3 || STOP_WORDS.has(token) || /^\d+$/.test(token)) continue;
    seen.add(token);
    if (seen.size >= limit) break;
  }
  return [...seen];
}
