// dist/cli.js, the `big-three` command: picks the bundle that runs the command. A search (the command
// run most often, by people and by tools) loads dist/cli-search.js, a fraction of the CLI; everything
// else, and any command line the parser refuses (main reports it), loads dist/cli-main.js.
import * as fs from 'fs';
import * as path from 'path';
import { type LoadedBundle, requireWithCodeCache } from '../adapters/bundle-code-cache';
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
 * Loads the bundle with V8's compiled code of it (adapters/bundle-code-cache.ts), kept in the data folder
 * this command uses once that folder exists (a command that uses it creates it: a mistyped --data-dir or a
 * first `--help` creates nothing), never in a shared temporary folder where another account could plant
 * code. The cache is written after the command ran, so it holds the functions the command compiled.
 * NODE_DISABLE_COMPILE_CACHE turns it off, as it does Node's own.
 */
function load(bundle: string, args: ParsedArgs | undefined): { entry: Entry; cached?: LoadedBundle<Entry> } {
  // A command line the parser refuses names no data folder it can be trusted for: no cache then (red team of
  // stop 37: `--data-dir D … --bogus` wrote the cache into the default folder).
  if (!args) return { entry: require(bundle) as Entry };
  const base = dataDirOption(args);
  if (process.env.NODE_DISABLE_COMPILE_CACHE || !fs.existsSync(base)) return { entry: require(bundle) as Entry };
  const cached = requireWithCodeCache<Entry>(bundle, path.join(base, 'cache', 'compile', `${path.basename(bundle, '.js')}.v8`));
  return { entry: cached.exports, cached };
}

// A reader that goes away (`big-three experts list | head -3`) ends the command quietly, with the status a
// process killed by SIGPIPE has (Node ignores the signal, so the write fails with EPIPE instead).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(128 + 13);
});

const argv = process.argv.slice(2);
const args = parsed(argv);
const search = args?.positionals[0] === 'search' && !args.options.has('help');
const { entry, cached } = load(path.join(__dirname, search ? 'cli-search.js' : 'cli-main.js'), args);
void entry.runCli(argv).then(async (code) => {
  // Only after a bundle changed (or the first time): a cache that cannot be written costs only the next compile.
  await cached?.saveCache().catch(() => false);
  // A search has awaited everything it started (the audit record, the index): it ends at once rather than
  // waiting for the garbage collector's last rounds. Other commands (the MCP server, a delegate) end on their own.
  if (search) exitWhenFlushed(code);
  else process.exitCode = code;
});
