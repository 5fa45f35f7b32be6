// dist/cli.js, the `big-three` command: picks the bundle that runs the command. A search (the command
// run most often, by people and by tools) loads dist/cli-search.js, a fraction of the CLI; everything
// else, and any command line the parser refuses (main reports it), loads dist/cli-main.js.
import * as os from 'os';
import * as path from 'path';
import { enableCompileCache } from '../adapters/compile-cache';
import { defaultDataDir } from '../orchestrator/app/data-dirs';
import { type ParsedArgs, parseArgs } from './args';
import { FLAG_OPTIONS, VALUE_OPTIONS } from './cli-options';

type Entry = { runCli(argv: readonly string[]): Promise<number> };

function parsed(argv: readonly string[]): ParsedArgs | undefined {
  try {
    return parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS);
  } catch {
    return undefined;
  }
}

/** The compile cache (adapters/compile-cache.ts) in the data folder this command uses. */
function enableCompileCacheFor(args: ParsedArgs | undefined): void {
  const dataDir = args?.options.get('data-dir');
  enableCompileCache(path.join(typeof dataDir === 'string' ? path.resolve(dataDir) : defaultDataDir(os.homedir(), process.env), 'cache', 'compile'));
}

/** Exits once what was written to stdout and stderr is flushed (nothing else is left running after a search). */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
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
