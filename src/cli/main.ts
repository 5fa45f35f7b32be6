// `big-three`: the headless host (CLI and MCP server) over the same core as the extension.
import { BigThreeError } from '../orchestrator/errors';
import { parseArgs } from './args';
import { type CliIo, processIo } from './cli-host';
import { describeFileError } from './file-error-message';
import { FLAG_OPTIONS, VALUE_OPTIONS } from './cli-options';
import { UsageError } from './usage-error';

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const args = parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS);
    if (args.options.has('help') || args.positionals.length === 0) {
      io.out((require('./help') as typeof import('./help')).HELP);
      return args.positionals.length === 0 && !args.options.has('help') ? 2 : 0;
    }
    // Loaded on demand: a search needs only the security core and the index (search-fast.ts), not the
    // modules every other command initializes through dispatch.ts.
    if (args.positionals[0] === 'search') return await (require('./search-fast') as typeof import('./search-fast')).fastSearch(args, io);
    return await (require('./dispatch') as typeof import('./dispatch')).dispatch(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`big-three: ${error.message}\nRun "big-three --help" for usage.`);
      return 2;
    }
    if (error instanceof BigThreeError) {
      io.err(`big-three: ${error.message}`);
      return 1;
    }
    const fileProblem = describeFileError(error);
    if (fileProblem) {
      io.err(`big-three: ${fileProblem}`);
      return 1;
    }
    io.err(`big-three: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
