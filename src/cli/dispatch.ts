// Runs one `big-three` command over the services of the headless host (built once per run).
import * as path from 'path';
import { type ParsedArgs, dataDirOption, intOption, stringOption } from './args';
import { type CliIo, processIo } from './cli-host';
import { evalLearning, evalSelection, evalTeams, learningEvalOptions } from './commands/eval';
import { evalSearch } from './commands/eval-search';
import { delegateCommand } from './commands/delegate';
import { TerminalApproval } from './commands/terminal-approval';
import { voiceCommand } from './commands/voice';
import { expertsList } from './commands/experts';
import { learningRecord, learningStats } from './commands/learning';
import { modelCommand } from './commands/model';
import { planCommand } from './commands/plan';
import { indexCommand, searchCommand } from './commands/rag-commands';
import { parseMode, selectFile, selectOne } from './commands/select';
import { securityCommand } from './commands/security';
import { workflowsCommand } from './commands/workflows';
import { type HeadlessServices, openHeadless } from './headless-services';
import { VERSION } from './help';
import { serveMcp } from './mcp/mcp-server';
import { UsageError } from './usage-error';

export async function dispatch(args: ParsedArgs, io: CliIo): Promise<number> {
  const [command, ...rest] = args.positionals;
  if (command === 'mcp' && rest.length) throw new UsageError('"mcp" takes no arguments');
  const model = stringOption(args, 'model');
  const workspace = command === 'index' && rest[0] ? rest[0] : stringOption(args, 'workspace');
  const approval = command === 'delegate' || command === 'voice' ? new TerminalApproval(io, { noPrompt: args.options.has('yes') }) : undefined;
  const app = await openHeadless({
    io,
    verbose: args.options.has('verbose'),
    surface: command === 'mcp' ? 'mcp' : 'cli',
    semanticLearning: command === 'eval' || command === 'mcp',
    dataDir: dataDirOption(args),
    ...(workspace ? { workspace } : {}),
    ...(stringOption(args, 'agents') ? { agentsDir: stringOption(args, 'agents')! } : {}),
    ...((stringOption(args, 'token') ?? process.env.BIG_THREE_TOKEN) ? { token: (stringOption(args, 'token') ?? process.env.BIG_THREE_TOKEN)! } : {}),
    ...(model ? { model: path.resolve(model) } : {}),
    ...(approval ? { approval } : {}),
  });
  if (command === 'mcp') return serveMcp(app, VERSION).then(() => 0);
  if (command === 'audit' || command === 'token' || command === 'permissions') return securityCommand(command, rest, { args, io, services: app });
  try {
    if (command === 'delegate')
      return await delegateCommand(app, io, rest, {
        json: args.options.has('json'),
        approval: approval!,
        ...(stringOption(args, 'expert') ? { expert: stringOption(args, 'expert')! } : {}),
      });
    if (command === 'voice')
      return await voiceCommand(app, io, rest, {
        json: args.options.has('json'),
        timeoutSeconds: intOption(args, 'timeout', 1, 3_600) ?? 120,
        ...(stringOption(args, 'wav') ? { wav: stringOption(args, 'wav')! } : {}),
      });
    return await run(app, command, rest, args, io);
  } finally {
    await app.close();
  }
}

async function run(app: HeadlessServices, command: string | undefined, rest: string[], args: ParsedArgs, io: CliIo): Promise<number> {
  const json = args.options.has('json');
  const rag = {
    fs: app.fs,
    dataDir: app.dataDir,
    embedder: app.embedder,
    json,
    logger: app.logger,
    ...(io === processIo && process.stderr.isTTY && !json ? { tty: { write: (t: string) => process.stderr.write(t), columns: process.stderr.columns } } : {}),
  };
  switch (command) {
    case 'experts':
      if (rest[0] !== 'list' || rest.length > 1) throw new UsageError('expected "experts list"');
      return expertsList(app.core, io, json);
    case 'select': {
      const multiple = intOption(args, 'multiple', 1, 100);
      const minScoreRaw = stringOption(args, 'min-score');
      const minScore = minScoreRaw === undefined ? undefined : Number(minScoreRaw);
      if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) throw new UsageError('--min-score must be a number from 0 to 1');
      const mode = parseMode(stringOption(args, 'mode'));
      const options = {
        explain: args.options.has('explain'),
        json,
        ...(multiple ? { multiple } : {}),
        ...(minScore !== undefined ? { minScore } : {}),
        ...(mode ? { mode } : {}),
        // The task's own history, for a local role that may read what was learned (as for MCP callers).
        ownHistory: await app.ownHistory('cli.select'),
      };
      const file = stringOption(args, 'file');
      if (file && rest.length) throw new UsageError('give either a task or --file, not both');
      if (file) return selectFile(app.learned.chooser, io, file, options);
      if (rest.length !== 1 || !rest[0]!.trim()) throw new UsageError('expected one task in quotes, e.g. big-three select "add OAuth login"');
      return selectOne(app.learned.chooser, io, rest[0]!, options);
    }
    case 'eval':
      if (rest[0] === 'search' && rest.length === 2) {
        await app.authorize({ operation: 'code.search', resource: app.workspace, detail: `big-three eval search ${rest[1]!.slice(0, 200)}` });
        return evalSearch(io, rest[1]!, app.workspace, args.options.has('misses'), rag);
      }
      if (rest[0] === 'learning' && rest.length === 2)
        return evalLearning(app.core, app.learned.chooser, app.fs, io, rest[1]!, learningEvalOptions(args, json));
      if (rest[0] === 'teams' && rest.length === 2) return evalTeams(app.core, app.learned.chooser, io, rest[1]!, json, args.options.has('misses'));
      if (rest[0] !== 'selection' || rest.length !== 2)
        throw new UsageError('expected "eval selection FILE", "eval teams FILE", "eval learning FILE" or "eval search FILE"');
      return evalSelection(app.core, app.learned.chooser, io, rest[1]!, json, args.options.has('misses'), args.options.has('history'));
    case 'learning':
      if (rest[0] === 'stats' && rest.length === 1) return learningStats(app, io, json);
      if (rest[0] === 'record' && rest.length <= 2) {
        if (args.options.has('success') && args.options.has('failure')) throw new UsageError('say how it went with one of --success or --failure, not both');
        const success = args.options.has('success') ? true : args.options.has('failure') ? false : undefined;
        return learningRecord(
          app,
          io,
          rest[1],
          stringOption(args, 'agent'),
          success,
          stringOption(args, 'result') ?? '',
          stringOption(args, 'preferred'),
          args.options.has('json'),
        );
      }
      throw new UsageError('expected "learning stats" or "learning record"');
    case 'plan': {
      const file = stringOption(args, 'file');
      const strategy = stringOption(args, 'strategy');
      return planCommand(app, io, rest[0], {
        tasks: rest.slice(1),
        json,
        run: args.options.has('run'),
        ...(file ? { file } : {}),
        ...(strategy ? { strategy } : {}),
      });
    }
    case 'workflows': {
      const limit = intOption(args, 'limit', 1, 1000);
      return workflowsCommand(app, io, rest, { json, ...(limit ? { limit } : {}) });
    }
    case 'index':
      if (rest.length > 1) throw new UsageError('"index" takes one folder');
      return app.index.index(app.caller(), `big-three index ${app.workspace}`, () => indexCommand(io, rest[0], rag));
    case 'search':
      if (rest.length > 1) throw new UsageError('"search" takes one query in quotes');
      await app.authorize({ operation: 'code.search', resource: app.workspace, detail: `big-three search ${(rest[0] ?? '').slice(0, 200)}` });
      return searchCommand(io, rest[0], app.workspace, intOption(args, 'limit', 1, 100) ?? 10, rag);
    case 'model':
      return modelCommand(io, rest, {
        fs: app.fs,
        modelDir: app.modelDir,
        json,
        ...(stringOption(args, 'hub') ? { hubUrl: stringOption(args, 'hub')! } : {}),
        ...(rag.tty ? { tty: rag.tty } : {}),
      });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
