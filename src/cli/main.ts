// `big-three`: the headless host (CLI and MCP server) over the same core as the extension.
import { BigThreeError } from '../orchestrator/errors';
import { parseArgs } from './args';
import { type CliIo, processIo } from './cli-host';
import { dispatch } from './dispatch';
import { describeFileError } from './file-error-message';
import { FLAG_OPTIONS, HELP, VALUE_OPTIONS } from './help';
import { UsageError } from './usage-error';

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
