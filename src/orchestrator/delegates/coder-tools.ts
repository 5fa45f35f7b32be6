// The tools offered to the Claude coder, which expert tools each needs, and runtime validation of the
// input the model sends (model output is untrusted). An expert whose definition lacks a tool never
// sees it: no write_file means no create_file, no edit_file means no edit_file.
import type { ExpertDefinition, ExpertTool } from '../agents/expert-definition';

export const CODER_TOOL_NAMES = ['read_file', 'list_files', 'search_code', 'edit_file', 'create_file', 'run_command'] as const;
export type CoderToolName = (typeof CODER_TOOL_NAMES)[number];

export interface CoderToolSpec {
  name: CoderToolName;
  description: string;
  input_schema: { type: 'object'; properties: Record<string, { type: string; description: string }>; required: string[] };
}

/** The expert tools that unlock each coder tool (any one of them). */
export const REQUIRED_EXPERT_TOOLS: Readonly<Record<CoderToolName, readonly ExpertTool[]>> = {
  read_file: ['read_file'],
  list_files: ['list_files', 'read_file'],
  search_code: ['search_code'],
  edit_file: ['edit_file'],
  create_file: ['write_file'],
  run_command: ['run_command', 'run_tests'],
};

const str = (description: string) => ({ type: 'string', description });

const SPECS: readonly CoderToolSpec[] = [
  {
    name: 'read_file',
    description: 'Read a text file of the workspace. Paths are relative to the workspace folder.',
    input_schema: { type: 'object', properties: { path: str('Workspace-relative path, e.g. src/index.ts') }, required: ['path'] },
  },
  {
    name: 'list_files',
    description: 'List the entries of a workspace folder; folders end with "/". An empty path lists the top level.',
    input_schema: { type: 'object', properties: { path: str('Workspace-relative folder, or "" for the top level') }, required: [] },
  },
  {
    name: 'search_code',
    description: 'Search the workspace code for a query (names, words, or a description of the code sought). Returns matching snippets with their paths and lines.',
    input_schema: { type: 'object', properties: { query: str('What to look for') }, required: ['query'] },
  },
  {
    name: 'edit_file',
    description:
      'Edit a workspace file by exact replacement: old_text must occur exactly once in the file (include enough surrounding lines to make it unique) and is replaced by new_text. Read the file first. The user may be asked to approve the change.',
    input_schema: {
      type: 'object',
      properties: { path: str('Workspace-relative path'), old_text: str('The exact text to replace, occurring once'), new_text: str('The replacement text') },
      required: ['path', 'old_text', 'new_text'],
    },
  },
  {
    name: 'create_file',
    description: 'Create a new workspace file with the given content (fails if the file exists; use edit_file then). The user may be asked to approve it.',
    input_schema: { type: 'object', properties: { path: str('Workspace-relative path of the new file'), content: str('The whole content of the new file') }, required: ['path', 'content'] },
  },
  {
    name: 'run_command',
    description:
      'Run one shell command in the workspace folder (no pipes, chaining or redirection unless the user allowed them). Commands on the user\'s allow list run directly; others need approval; denied commands are refused. Returns the exit code and output.',
    input_schema: { type: 'object', properties: { command: str('The command line, e.g. npm test') }, required: ['command'] },
  },
];

export function isCoderToolName(value: string): value is CoderToolName {
  return (CODER_TOOL_NAMES as readonly string[]).includes(value);
}

/** The tools this expert may use, in a stable order. */
export function toolsForExpert(expert: Pick<ExpertDefinition, 'tools'>): CoderToolSpec[] {
  return SPECS.filter((spec) => REQUIRED_EXPERT_TOOLS[spec.name].some((t) => expert.tools.includes(t)));
}

export type CoderToolInput =
  | { name: 'read_file'; path: string }
  | { name: 'list_files'; path: string }
  | { name: 'search_code'; query: string }
  | { name: 'edit_file'; path: string; oldText: string; newText: string }
  | { name: 'create_file'; path: string; content: string }
  | { name: 'run_command'; command: string };

const MAX_TEXT = 1_000_000;

/** Validates the model's input for a tool; throws an Error whose message is sent back to the model. */
export function parseToolInput(name: CoderToolName, raw: unknown): CoderToolInput {
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (!input) throw new Error(`The input of ${name} must be a JSON object.`);
  const text = (key: string, options: { optional?: boolean; allowEmpty?: boolean } = {}): string => {
    const value = input[key];
    if (value === undefined && options.optional) return '';
    if (typeof value !== 'string') throw new Error(`${name} needs "${key}" as a string.`);
    if (!value && !options.allowEmpty) throw new Error(`${name} needs a non-empty "${key}".`);
    if (value.length > MAX_TEXT) throw new Error(`"${key}" of ${name} is longer than ${MAX_TEXT} characters.`);
    return value;
  };
  switch (name) {
    case 'read_file':
      return { name, path: text('path') };
    case 'list_files':
      return { name, path: text('path', { optional: true, allowEmpty: true }) };
    case 'search_code':
      return { name, query: text('query') };
    case 'edit_file':
      return { name, path: text('path'), oldText: text('old_text'), newText: text('new_text', { allowEmpty: true }) };
    case 'create_file':
      return { name, path: text('path'), content: text('content', { allowEmpty: true }) };
    case 'run_command':
      return { name, command: text('command') };
  }
}
