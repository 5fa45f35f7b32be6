// `big-three`: the headless host (CLI and MCP server) over the same core as the extension.
import { parseArgs } from './args';
import { type CliIo, processIo } from './cli-host';
import { reportCliError } from './cli-errors';
import { FLAG_OPTIONS, VALUE_OPTIONS } from './cli-options';

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const args = parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS);
    if (args.options.has('version') && args.positionals.length === 0) {
      io.out(`big-three ${(require('./help') as typeof import('./help')).VERSION}`);
      return 0;
    }
    if (args.options.has('help') || args.positionals.length === 0) {
      io.out((require('./help') as typeof import('./help')).HELP);
      return args.positionals.length === 0 && !args.options.has('help') ? 2 : 0;
    }
    // Loaded on demand: a search needs only the security core and the index (search-fast.ts), not the
    // modules every other command initializes through dispatch.ts.
    if (args.positionals[0] === 'search') return await (require('./search-fast') as typeof import('./search-fast')).fastSearch(args, io);
    return await (require('./dispatch') as typeof import('./dispatch')).dispatch(args, io);
  } catch (error) {
    return reportCliError(error, io);
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
