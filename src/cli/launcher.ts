// dist/cli.js, the `big-three` command: picks the bundle that runs the command. A search (the command
// run most often, by people and by tools) loads dist/cli-search.js, a fraction of the CLI; everything
// else, and any command line the parser refuses (main reports it), loads dist/cli-main.js.
import * as fs from 'fs';
import * as path from 'path';
import { enableCompileCache } from '../adapters/compile-cache';
import { type ParsedArgs, dataDirOption, parseArgs } from './args';
import { FLAG_OPTIONS, VALUE_OPTIONS } from './cli-options';
import { exitWhenFlushed } from './exit-when-flushed';

type Entry = { runCli(argv: readonly string[]): Promise<number> };

function parsed(argv: readonly string[]): ParsedArgs | undefined {
  try {
    return parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS);
  } catch {
    return undefined;
  }
}

/**
 * The compile cache (adapters/compile-cache.ts) in the data folder this command uses, once that folder
 * exists (a command that uses it creates it): a mistyped --data-dir or a first `--help` creates nothing.
 */
function enableCompileCacheFor(args: ParsedArgs | undefined): void {
  const base = dataDirOption(args);
  if (fs.existsSync(base)) enableCompileCache(path.join(base, 'cache', 'compile'));
}

const argv = process.argv.slice(2);
const args = parsed(argv);
const search = args?.positionals[0] === 'search' && !args.options.has('help');
enableCompileCacheFor(args);
const entry = require(path.join(__dirname, search ? 'cli-search.js' : 'cli-main.js')) as Entry;
void entry.runCli(argv).then((code) => {
  // A search has awaited everything it started (the audit record, the index): it ends at once rather than
  // waiting for the garbage collector's last rounds. Other commands (the MCP server, a delegate) end on their own.
  if (search) exitWhenFlushed(code);
  else process.exitCode = code;
});
