// The tools offered to the Claude coder (defined once in ../tools/), which expert tools each needs, and
// runtime validation of the input the model sends (model output is untrusted) with the same schemas. An
// expert whose definition lacks a tool never sees it: no write_file means no create_file, no edit_file
// means no edit_file.
import type { ExpertDefinition, ExpertTool } from '../agents/expert-definition';
import { CREATE_FILE, EDIT_FILE, LIST_FILES, READ_FILE, RUN_COMMAND } from '../tools/coder-tool-definitions';
import { type ToolDefinition, type ToolJsonSchema, ToolInputError, parseToolInput as parseInput, toolJsonSchema } from '../tools/tool-definition';
import { SEARCH_CODE } from '../tools/tool-definitions';
import { TOOL_LIMITS } from '../tools/tool-limits';

export const CODER_TOOL_NAMES = ['read_file', 'list_files', 'search_code', 'edit_file', 'create_file', 'run_command'] as const;
export type CoderToolName = (typeof CODER_TOOL_NAMES)[number];

export interface CoderToolSpec {
  name: CoderToolName;
  description: string;
  input_schema: ToolJsonSchema;
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

const DEFINITIONS: Readonly<Record<CoderToolName, ToolDefinition>> = {
  read_file: READ_FILE,
  list_files: LIST_FILES,
  search_code: SEARCH_CODE,
  edit_file: EDIT_FILE,
  create_file: CREATE_FILE,
  run_command: RUN_COMMAND,
};

const SPECS: readonly CoderToolSpec[] = CODER_TOOL_NAMES.map((name) => ({
  name,
  description: DEFINITIONS[name].description,
  input_schema: toolJsonSchema(DEFINITIONS[name]),
}));

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
  | { name: 'search_code'; query: string; limit: number }
  | { name: 'edit_file'; path: string; oldText: string; newText: string }
  | { name: 'create_file'; path: string; content: string }
  | { name: 'run_command'; command: string };

/** Validates the model's input for a tool (the shared schema); throws a ToolInputError whose message is sent back to the model. */
export function parseToolInput(name: CoderToolName, raw: unknown): CoderToolInput {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ToolInputError(name, ['the input must be a JSON object']);
  switch (name) {
    case 'read_file':
      return { name, ...parseInput(READ_FILE, raw) };
    case 'list_files':
      return { name, ...parseInput(LIST_FILES, raw) };
    case 'search_code': {
      const { query, limit } = parseInput(SEARCH_CODE, raw);
      return { name, query, limit: limit ?? TOOL_LIMITS.defaultSearchResults };
    }
    case 'edit_file': {
      const input = parseInput(EDIT_FILE, raw);
      return { name, path: input.path, oldText: input.old_text, newText: input.new_text };
    }
    case 'create_file':
      return { name, ...parseInput(CREATE_FILE, raw) };
    case 'run_command':
      return { name, ...parseInput(RUN_COMMAND, raw) };
  }
}
