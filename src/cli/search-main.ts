// `big-three search` in a bundle of its own (dist/cli-search.js): the launcher (launcher.ts, built as
// dist/cli.js) loads it for a search so that the process parses and compiles only the code a search
// runs, not the whole CLI (dist/cli-main.js). Same options, checks, audit and output as through main.ts.
import { parseArgs } from './args';
import { type CliIo, processIo } from './cli-host';
import { reportCliError } from './cli-errors';
import { FLAG_OPTIONS, VALUE_OPTIONS } from './cli-options';
import { fastSearch } from './search-fast';

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    return await fastSearch(parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS), io);
  } catch (error) {
    return reportCliError(error, io);
  }
}
