// `big-three`: the headless host over the same core as the extension.
import { BigThreeError } from '../orchestrator/errors';
import { ParsedArgs, intOption, parseArgs, stringOption } from './args';
import * as path from 'path';
import type { AgentCore } from '../orchestrator/agents/agent-core';
import { CliIo, buildCliCore, processIo, stderrLogger } from './cli-host';
import { HeadlessServices, buildLearning, defaultDataDir } from './headless-services';
import { learningRecord, learningStats } from './commands/learning';
import { serveMcp } from './mcp/mcp-server';
import { expertsList } from './commands/experts';
import { evalSelection } from './commands/eval';
import { evalSearch } from './commands/eval-search';
import { selectFile, selectOne } from './commands/select';
import { SECURITY_HELP, securityCommand } from './commands/security';
import { headlessGate } from './headless-gate';
import { openRagService } from './commands/rag-commands';
import type { RagService } from '../orchestrator/rag/rag-service';
import { PLAN_HELP, planCommand, workflowPlanning } from './commands/plan';
import { workflowsCommand } from './commands/workflows';
import { indexCommand, searchCommand } from './commands/rag-commands';
import { UsageError } from './usage-error';

const HELP = `big-three — expert selection and the agent pool from the command line

Usage:
  big-three experts list [--json]
  big-three select "<task>" [--multiple N] [--min-score S] [--explain] [--json]
  big-three select --file tasks.jsonl [--multiple N] [--explain]    (JSON lines out)
  big-three eval selection FILE [--json] [--misses] [--history]
  big-three eval search FILE [--json] [--misses]     (code search recall@1/@5, MRR@10 over the index of --workspace)
  big-three learning stats [--json]
  big-three learning record "<task>" --agent ID --success|--failure [--result TEXT]
  big-three mcp                        (Model Context Protocol server on stdio)
  big-three index DIR [--model DIR] [--json]          (incremental workspace index for search)
  big-three search "<query>" [--limit N] [--model DIR] [--json]   (searches the index of --workspace)
${SECURITY_HELP}
${PLAN_HELP}

Options for every command:
  --workspace DIR   folder whose .big-three/agents and .claude/agents add experts (default: current folder)
  --agents DIR      the built-in expert folder (default: the agentpool shipped with big-three)
  --data-dir DIR    where learning, memory and indexes are kept (default: $BIG_THREE_DATA_DIR or ~/.big-three)
  --token TOKEN     act as the principal of an issued token (default: $BIG_THREE_TOKEN, else you, with role $BIG_THREE_LOCAL_ROLE)
  --verbose         log what the core does on stderr
  --help            this text

Exit codes: 0 success, 1 error, 2 wrong usage, 3 no expert matched, 4 audit log tampered.`;

const VERSION = '0.1.0';

const VALUE_OPTIONS = new Set(['multiple', 'min-score', 'file', 'workspace', 'agents', 'data-dir', 'agent', 'result', 'token', 'role', 'days', 'type', 'user', 'severity', 'since', 'limit', 'strategy', 'model']);
const FLAG_OPTIONS = new Set(['json', 'explain', 'verbose', 'help', 'misses', 'version', 'history', 'success', 'failure', 'run']);

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const args = parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS);
    if (args.options.has('help') || args.positionals.length === 0) {
      io.out(HELP);
      return args.positionals.length === 0 && !args.options.has('help') ? 2 : 0;
    }
    return await dispatch(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`big-three: ${error.message}\nRun "big-three --help" for usage.`);
      return 2;
    }
    if (error instanceof BigThreeError) {
      io.err(`big-three: ${error.message}`);
      return 1;
    }
    io.err(`big-three: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}

async function dispatch(args: ParsedArgs, io: CliIo): Promise<number> {
  const [command, ...rest] = args.positionals;
  const json = args.options.has('json');
  const dataDir = path.resolve(stringOption(args, 'data-dir') ?? defaultDataDir());
  const headless = async (core: AgentCore): Promise<HeadlessServices> => {
    const { learning, learned } = await buildLearning(core, dataDir, stderrLogger(io, args.options.has('verbose')));
    return { core, learning, learned, dataDir, planWorkflow: workflowPlanning(core), dispose: () => core.dispose() };
  };
  const load = () => {
    const agentsDir = stringOption(args, 'agents');
    const workspace = stringOption(args, 'workspace');
    return buildCliCore(io, { verbose: args.options.has('verbose'), ...(agentsDir ? { agentsDir } : {}), ...(workspace ? { workspace } : {}) });
  };
  switch (command) {
    case 'experts': {
      if (rest[0] !== 'list' || rest.length > 1) throw new UsageError('expected "experts list"');
      return expertsList(await load(), io, json);
    }
    case 'select': {
      const multiple = intOption(args, 'multiple', 1, 24);
      const minScoreRaw = stringOption(args, 'min-score');
      const minScore = minScoreRaw === undefined ? undefined : Number(minScoreRaw);
      if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) throw new UsageError('--min-score must be a number from 0 to 1');
      const options = { explain: args.options.has('explain'), json, ...(multiple ? { multiple } : {}), ...(minScore !== undefined ? { minScore } : {}) };
      const file = stringOption(args, 'file');
      if (file) {
        if (rest.length) throw new UsageError('give either a task or --file, not both');
        return selectFile(await load(), io, file, options);
      }
      if (rest.length !== 1) throw new UsageError('expected one task in quotes, e.g. big-three select "add OAuth login"');
      return selectOne(await load(), io, rest[0]!, options);
    }
    case 'eval': {
      if (rest[0] === 'search' && rest.length === 2) {
        const workspace = path.resolve(stringOption(args, 'workspace') ?? process.cwd());
        const core = await load();
        const gate = await headlessGate({ args, io, dataDir, workspace, load: async () => core }, core, 'cli');
        try {
          await gate.authorize({ operation: 'code.search', resource: workspace, detail: `big-three eval search ${rest[1]!.slice(0, 200)}` });
          return await evalSearch(io, rest[1]!, workspace, args.options.has('misses'), { dataDir, json, logger: stderrLogger(io, args.options.has('verbose')), ...(stringOption(args, 'model') ? { model: path.resolve(stringOption(args, 'model')!) } : {}) });
        } finally {
          await gate.dispose();
          core.dispose();
        }
      }
      if (rest[0] !== 'selection' || rest.length !== 2) throw new UsageError('expected "eval selection FILE" or "eval search FILE"');
      const core = await load();
      const services = await headless(core);
      return evalSelection(core, io, rest[1]!, json, args.options.has('misses'), services.learned, args.options.has('history'));
    }
    case 'learning': {
      const core = await load();
      const services = await headless(core);
      if (rest[0] === 'stats' && rest.length === 1) return learningStats(services, io, json);
      if (rest[0] === 'record' && rest.length <= 2) {
        const success = args.options.has('success') ? true : args.options.has('failure') ? false : undefined;
        const workspace = path.resolve(stringOption(args, 'workspace') ?? process.cwd());
        const gate = await headlessGate({ args, io, dataDir, workspace, load: async () => core }, core, 'cli');
        try {
          return await learningRecord({ ...services, authorize: gate.authorize }, io, rest[1], stringOption(args, 'agent'), success, stringOption(args, 'result') ?? '');
        } finally {
          await gate.dispose();
        }
      }
      throw new UsageError('expected "learning stats" or "learning record"');
    }
    case 'mcp': {
      if (rest.length) throw new UsageError('"mcp" takes no arguments');
      const core = await load();
      const workspace = path.resolve(stringOption(args, 'workspace') ?? process.cwd());
      const logger = stderrLogger(io, args.options.has('verbose'));
      const services = await headless(core);
      const gate = await headlessGate({ args, io, dataDir, workspace, load: async () => core }, core, 'mcp');
      let rag: Promise<RagService> | undefined;
      await serveMcp(
        {
          ...services,
          workspace,
          authorize: gate.authorize,
          searchCode: async (query, limit) => (await (rag ??= openRagService(workspace, { dataDir, logger }))).searchCode(query, limit),
          dispose: () => {
            services.dispose();
            void rag?.then((r) => r.dispose());
            void gate.dispose();
          },
        },
        VERSION,
      );
      return 0;
    }
    case 'plan': {
      const logger = stderrLogger(io, args.options.has('verbose'));
      const file = stringOption(args, 'file');
      const strategy = stringOption(args, 'strategy');
      return planCommand(await load(), io, rest[0], { tasks: rest.slice(1), json, run: args.options.has('run'), dataDir, logger, ...(file ? { file } : {}), ...(strategy ? { strategy } : {}) });
    }
    case 'workflows': {
      const limit = intOption(args, 'limit', 1, 1000);
      return workflowsCommand(io, rest, { dataDir, json, logger: stderrLogger(io, args.options.has('verbose')), ...(limit ? { limit } : {}) });
    }
    case 'index':
    case 'search': {
      const model = stringOption(args, 'model');
      const ragOptions = {
        dataDir,
        json,
        logger: stderrLogger(io, args.options.has('verbose')),
        ...(model ? { model: path.resolve(model) } : {}),
        ...(io === processIo && process.stderr.isTTY && !json ? { tty: { write: (t: string) => process.stderr.write(t), columns: process.stderr.columns } } : {}),
      };
      if (rest.length > 1) throw new UsageError(`"${command}" takes one ${command === 'index' ? 'folder' : 'query in quotes'}`);
      const workspace = path.resolve(command === 'index' && rest[0] ? rest[0] : stringOption(args, 'workspace') ?? process.cwd());
      const core = await load();
      const gate = await headlessGate({ args, io, dataDir, workspace, load: async () => core }, core, 'cli');
      try {
        await gate.authorize(command === 'index' ? { operation: 'code.index', resource: workspace, detail: `big-three index ${workspace}` } : { operation: 'code.search', resource: workspace, detail: `big-three search ${(rest[0] ?? '').slice(0, 200)}` });
        if (command === 'index') return await indexCommand(io, rest[0], ragOptions);
        return await searchCommand(io, rest[0], workspace, intOption(args, 'limit', 1, 100) ?? 10, ragOptions);
      } finally {
        await gate.dispose();
        core.dispose();
      }
    }
    case 'audit':
    case 'token':
    case 'permissions':
      return securityCommand(command, rest, { args, io, dataDir, workspace: path.resolve(stringOption(args, 'workspace') ?? process.cwd()), load });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
