// npm's options (of those the command check lets through) that take the next word as their value, so
// that word is not the subcommand (`npm --depth test publish` publishes: red team 33). Read by npmPolicy
// (program-policies.ts) and by the runner of `npm exec` (runner-specs.ts).
export const NPM_VALUED_OPTIONS: readonly string[] = ['-w', '--workspace', '--loglevel', '--depth', '--omit', '--include'];
