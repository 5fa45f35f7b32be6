// A small, strict command-line parser: positionals, --flag, --key value and --key=value.
import * as os from 'os';
import * as path from 'path';
import { defaultDataDir } from '../orchestrator/app/data-dirs';
import { UsageError } from './usage-error';

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], valueOptions: ReadonlySet<string>, flagOptions: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    if (flagOptions.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      options.set(name, true);
    } else if (valueOptions.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positionals, options };
}

export function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  // Decimal digits only: Number() also reads "0x10", "1e2" and " 7 ".
  const value = typeof raw === 'string' && /^[+-]?\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (raw === true || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const raw = args.options.get(name);
  return typeof raw === 'string' ? raw : undefined;
}

/**
 * The base data folder a command uses: --data-dir (an empty value counts as not given), else
 * $BIG_THREE_DATA_DIR, else ~/.big-three (defaultDataDir). The one reading of the option for every command
 * (`undefined`: a command line the parser refused).
 */
export function dataDirOption(args: ParsedArgs | undefined): string {
  const given = args && stringOption(args, 'data-dir');
  return given ? path.resolve(given) : defaultDataDir(os.homedir(), process.env);
}
