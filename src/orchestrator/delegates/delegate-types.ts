// What the delegates share: who acts, the progress events they stream, the ports a host provides
// (tools for the coder, retrieved context) and the shape of their results.

/** On whose behalf a delegate acts: the principal (the user) and the expert doing the work. */
export interface DelegateActor {
  principal: string;
  expertId: string;
  /** The delegated task, for audit details and approval prompts. */
  taskId: string;
}

export type DelegateKind = 'claude' | 'gemini';

export interface TokenUsage {
  /** Prompt tokens charged at the full price (cache reads and writes not included). */
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens read from the provider's prompt cache (about a tenth of the price). */
  cacheReadTokens?: number;
  /** Prompt tokens written to the prompt cache (a quarter more than the full price, once). */
  cacheCreationTokens?: number;
}

/** Progress streamed while a delegate works (to the voice panel, a notification, the log). */
export type DelegateEvent =
  | { type: 'status'; message: string }
  | { type: 'text'; delta: string }
  | { type: 'turn'; turn: number; maxTurns: number }
  | { type: 'tool_call'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; id: string; name: string; ok: boolean; denied: boolean; output: string }
  | { type: 'safety'; action: string; explanation: string; approved: boolean }
  | { type: 'error'; message: string };

export type DelegateEventListener = (event: DelegateEvent) => void;

export interface ToolCallRecord {
  name: string;
  input: Record<string, unknown>;
  ok: boolean;
  denied: boolean;
  output: string;
}

export interface DelegateResult {
  /** succeeded: the model finished normally and nothing it needed was refused. */
  success: boolean;
  /** The model's final answer, or why it stopped. */
  summary: string;
  turns: number;
  toolCalls: ToolCallRecord[];
  usage: TokenUsage;
  /** Workspace-relative files the delegate created or edited. */
  changedFiles: string[];
  /** How many tool calls security refused. */
  denied: number;
}

export interface CommandOutput {
  exitCode: number | null;
  /** stdout and stderr interleaved, cut to a bounded size. */
  output: string;
  timedOut: boolean;
}

/**
 * The tools the Claude coder may use, executed by the host. Every method passes the security gate
 * (permission, the acting expert's tools, workspace paths, command rules, approval) and is audited;
 * refusals throw typed errors (BigThreeError with a security code, or DelegateToolError).
 */
export interface CoderToolHost {
  readFile(actor: DelegateActor, path: string): Promise<string>;
  /** Entries of a workspace folder ("" = the top level), folders with a trailing "/". */
  listFiles(actor: DelegateActor, path: string): Promise<string[]>;
  searchCode(actor: DelegateActor, query: string, limit: number): Promise<string>;
  /** Replaces `oldText`, which must occur exactly once, with `newText`; resolves to what was done. */
  editFile(actor: DelegateActor, edit: { path: string; oldText: string; newText: string; reason: string }): Promise<string>;
  /** Creates a file that does not exist yet. */
  createFile(actor: DelegateActor, file: { path: string; content: string; reason: string }): Promise<string>;
  runCommand(actor: DelegateActor, command: string, signal: AbortSignal): Promise<CommandOutput>;
}

/** Retrieved context for a task (the RAG area's retrieveForTask), reduced to what a prompt needs. */
export interface RetrievedContext {
  codeContext: Array<{ codePath: string; content: string; metadata: Readonly<Record<string, unknown>> }>;
  experienceContext: Array<{ record: { task: string; outcome: string; approach?: string; lessons?: string; expertType?: string } }>;
  recommendedApproach: string;
}

/** The RAG service satisfies this; without one the coder works without retrieved context. */
export interface ContextRetriever {
  retrieveForTask(task: string, expertType?: string, limit?: number): Promise<RetrievedContext>;
}
