// One set of limits for every surface that offers tools (MCP, the realtime voice model, the Claude coder):
// the same tool accepts the same input everywhere.
import { MAX_TASK_LENGTH } from '../learning/outcome-store';
import { MAX_TASK_CHARS } from '../task-limits';

export const TOOL_LIMITS = {
  /** A task, goal or delegated job in plain words. */
  taskChars: MAX_TASK_CHARS,
  /** A code search query. */
  queryChars: 2_000,
  /** Most results one search_code call returns. */
  searchResults: 50,
  /** Results when the caller names no limit. */
  defaultSearchResults: 8,
  /** The result text of a recorded outcome. */
  resultChars: 4_000,
  /** Experts one selection proposes. */
  experts: 24,
  /** Tasks of one planned workflow. */
  plannedTasks: 100,
  /**
   * One step of a planned workflow: what the outcome log keeps of a task (a step that runs is learned under its
   * description); the planner refuses longer steps on every surface.
   */
  plannedTaskChars: MAX_TASK_LENGTH,
  /**
   * All the steps of one plan_workflow call together: as long as one task may be. Each step without an expert
   * is ranked by the chooser (the sentence encoder takes about 0.1 s for a step of 2,000 characters): 100 steps
   * of 19,000 characters held the MCP server for 15 s.
   */
  planTextChars: MAX_TASK_CHARS,
  /** Outcomes recorded in one call. */
  outcomesPerCall: 200,
  /** Text the coder reads or writes in one call (a path, a replacement, a new file's content). */
  fileTextChars: 1_000_000,
  /** An identifier: expert id, task id, path segment list. */
  idChars: 200,
  /** A workspace-relative path. */
  pathChars: 4_096,
  /** A shell command line. */
  commandChars: 8_000,
} as const;
