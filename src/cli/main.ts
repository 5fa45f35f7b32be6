// `big-three`: the headless host over the same core as the extension.
import { BigThreeError } from '../orchestrator/errors';
import { ParsedArgs, intOption, parseArgs, stringOption } from './args';
import { CliIo, buildCliCore, processIo } from './cli-host';
import { expertsList } from './commands/experts';
import { evalSelection } from './commands/eval';
import { selectFile, selectOne } from './commands/select';
import { UsageError } from './usage-error';

const HELP = `big-three — expert selection and the agent pool from the command line

Usage:
  big-three experts list [--json]
  big-three select "<task>" [--multiple N] [--min-score S] [--explain] [--json]
  big-three select --file tasks.jsonl [--multiple N] [--explain]    (JSON lines out)
  big-three eval selection FILE [--json] [--misses]

Options for every command:
  --workspace DIR   folder whose .big-three/agents and .claude/agents add experts (default: current folder)
  --agents DIR      the built-in expert folder (default: the agentpool shipped with big-three)
  --verbose         log what the core does on stderr
  --help            this text

Exit codes: 0 success, 1 error, 2 wrong usage, 3 no expert matched.`;

const VALUE_OPTIONS = new Set(['multiple', 'min-score', 'file', 'workspace', 'agents']);
const FLAG_OPTIONS = new Set(['json', 'explain', 'verbose', 'help', 'misses', 'version']);

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
      if (rest[0] !== 'selection' || rest.length !== 2) throw new UsageError('expected "eval selection FILE"');
      return evalSelection(await load(), io, rest[1]!, json, args.options.has('misses'));
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
