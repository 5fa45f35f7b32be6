// dist/cli.js, the `big-three` command: picks the bundle that runs the command. A search (the command
// run most often, by people and by tools) loads dist/cli-search.js, a fraction of the CLI; everything
// else, and any command line the parser refuses (main reports it), loads dist/cli-main.js.
import * as path from 'path';
import { parseArgs } from './args';
import { FLAG_OPTIONS, VALUE_OPTIONS } from './cli-options';

type Entry = { runCli(argv: readonly string[]): Promise<number> };

function isSearch(argv: readonly string[]): boolean {
  try {
    const args = parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS);
    return args.positionals[0] === 'search' && !args.options.has('help');
  } catch {
    return false;
  }
}

const argv = process.argv.slice(2);
const entry = require(path.join(__dirname, isSearch(argv) ? 'cli-search.js' : 'cli-main.js')) as Entry;
void entry.runCli(argv).then((code) => {
  process.exitCode = code;
});
