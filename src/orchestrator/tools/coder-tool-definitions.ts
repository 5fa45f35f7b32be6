// The Claude coder's workspace tools (search_code is the shared SEARCH_CODE): names and inputs as the
// model sees them, validated with the same schemas.
import { z } from 'zod';
import { defineTool } from './tool-definition';
import { fields } from './tool-definitions';
import { TOOL_LIMITS } from './tool-limits';

export const READ_FILE = defineTool(
  'read_file',
  'Read a text file of the workspace. Paths are relative to the workspace folder.',
  z.object({ path: fields.path.min(1).describe('Workspace-relative path, e.g. src/index.ts') }),
);

export const LIST_FILES = defineTool(
  'list_files',
  'List the entries of a workspace folder; folders end with "/". An empty path lists the top level.',
  z.object({ path: fields.path.default('').describe('Workspace-relative folder, or "" for the top level') }),
);

export const EDIT_FILE = defineTool(
  'edit_file',
  'Edit a workspace file by exact replacement: old_text must occur exactly once in the file (include enough surrounding lines to make it unique) and is replaced by new_text. Read the file first. The user may be asked to approve the change.',
  z.object({
    path: fields.path.min(1).describe('Workspace-relative path'),
    old_text: fields.fileText.min(1).describe('The exact text to replace, occurring once'),
    new_text: fields.fileText.describe('The replacement text'),
  }),
);

export const CREATE_FILE = defineTool(
  'create_file',
  'Create a new workspace file with the given content (fails if the file exists; use edit_file then). The user may be asked to approve it.',
  z.object({
    path: fields.path.min(1).describe('Workspace-relative path of the new file'),
    content: fields.fileText.describe('The whole content of the new file'),
  }),
);

export const RUN_COMMAND = defineTool(
  'run_command',
  "Run one shell command in the workspace folder (no pipes, chaining or redirection unless the user allowed them). Commands on the user's allow list run directly; others need approval; denied commands are refused. Returns the exit code and output.",
  z.object({ command: z.string().trim().min(1).max(TOOL_LIMITS.commandChars).describe('The command line, e.g. npm test') }),
);
