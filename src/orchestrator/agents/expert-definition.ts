// The shape of an expert once loaded, whatever file format it came from.

export const EXPERT_TOOLS = ['read_file', 'write_file', 'edit_file', 'list_files', 'search_code', 'run_command', 'run_tests', 'web_search', 'browser'] as const;

export type ExpertTool = (typeof EXPERT_TOOLS)[number];

export function isExpertTool(value: string): value is ExpertTool {
  return (EXPERT_TOOLS as readonly string[]).includes(value);
}

export type ExpertTier = 1 | 2 | 3;

/** Where a definition came from; later origins override earlier ones with the same id. */
export type DefinitionOrigin = 'builtin' | 'claude' | 'workspace';

export const ORIGIN_PRECEDENCE: Record<DefinitionOrigin, number> = { builtin: 0, claude: 1, workspace: 2 };

export interface ExpertDefinition {
  id: string;
  displayName: string;
  description: string;
  tier: ExpertTier;
  category: string;
  triggers: string[];
  focusAreas: string[];
  tools: ExpertTool[];
  model?: string;
  role: string;
  systemPrompt: string;
  guidelines: string;
  /**
   * Requests this expert is the one for, as users word them (the optional "## Example Requests" section,
   * one per line): symptoms and goals a definition's own prose does not name. Selection reads them.
   */
  examples?: string[];
  origin: DefinitionOrigin;
  file: string;
  /** The file of the definition this one replaced, when it overrides another origin. */
  overrides?: string;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface DefinitionDiagnostic {
  file: string;
  severity: DiagnosticSeverity;
  message: string;
  line?: number;
}

export function formatDiagnostic(d: DefinitionDiagnostic): string {
  return `${d.file}${d.line !== undefined ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`;
}

export const EXPERT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function displayNameFromId(id: string): string {
  return id
    .split('-')
    .map((word) => (word.length <= 3 && /^(qa|ui|ux|ml|llm|sre|api)$/.test(word) ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ')
    .replace('UI UX', 'UI/UX');
}
