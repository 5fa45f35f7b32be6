// The text of `big-three --help` and the options the parser knows.
import { SECURITY_HELP } from './commands/security';
import { MODEL_HELP } from './commands/model';
import { PLAN_HELP } from './commands/plan';
import { DELEGATE_HELP } from './commands/delegate';
import { VOICE_HELP } from './commands/voice';

export const HELP = `big-three — expert selection and the agent pool from the command line

Usage:
  big-three --version | --help
  big-three experts list [--json]
  big-three select "<task>" [--multiple N] [--min-score S] [--explain] [--json] [--mode seed]
  big-three select --file tasks.jsonl [--multiple N] [--explain]    (JSON lines out)
  big-three eval selection FILE [--json] [--misses] [--history]
  big-three eval teams FILE [--json] [--misses]       (multi-expert recall at N = team size; lines {task, required})
  big-three eval learning FILE --epochs N [--split F] [--seed S] --feedback outcome|correction [--noise P] [--json]
  big-three eval search FILE [--json] [--misses]     (code search recall@1/@5, MRR@10 over the index of --workspace)
  big-three learning stats [--json]
  big-three learning record "<task>" --agent ID --success|--failure [--preferred ID] [--result TEXT] [--json]
  big-three mcp                        (Model Context Protocol server on stdio)
  big-three index DIR [--model DIR] [--json]          (incremental workspace index for search)
  big-three search "<query>" [--limit N] [--model DIR] [--json]   (searches the index of --workspace)
                       --model DIR: your own copy of all-MiniLM-L6-v2 (config.json, tokenizer.json,
                       tokenizer_config.json, onnx/model_quantized.onnx); default $BIG_THREE_MODEL_DIR or
                       <data dir>/models/all-MiniLM-L6-v2. Without a model, search ranks by words (BM25) only.
${MODEL_HELP}
${SECURITY_HELP}
${PLAN_HELP}
${DELEGATE_HELP}
${VOICE_HELP}

Options for every command:
  --workspace DIR   folder whose .big-three/agents and .claude/agents add experts (default: current folder)
  --agents DIR      the built-in expert folder (default: the agentpool shipped with big-three)
  --data-dir DIR    the data folder shared with VS Code and the MCP server (default: $BIG_THREE_DATA_DIR or ~/.big-three;
                    VS Code: the bigThree.dataDir setting); workflows and events in DIR/workspaces/<folder>-<hash>
  --token TOKEN     act as the principal of an issued token (default: $BIG_THREE_TOKEN, else you, with role $BIG_THREE_LOCAL_ROLE)
  --verbose         log what the core does on stderr
  --help            this text

Exit codes: 0 success, 1 error (or a workflow task failed), 2 wrong usage, 3 nothing found (no expert matched,
  no search result, workspace not indexed), 4 audit log tampered, 5 workflow not run (no coding model: set ANTHROPIC_API_KEY).`;

export const VERSION = '0.1.0';

export { FLAG_OPTIONS, VALUE_OPTIONS } from './cli-options';
