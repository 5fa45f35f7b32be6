#!/usr/bin/env node
// Summarizes scripts/bench-against.sh's runs: for every median, p50, seconds and per-second figure both
// revisions report, the mean of the old and the new runs, their ratio, and WORSE where the new one is more
// than 10% worse (lower for rates, higher for times).
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const parse = (file) => {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf('{');
  try {
    return at < 0 ? undefined : JSON.parse(text.slice(at));
  } catch {
    return undefined;
  }
};
const flat = (value, prefix = '', out = {}) => {
  if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) flat(v, prefix ? `${prefix}.${k}` : k, out);
  else if (typeof value === 'number') out[prefix] = value;
  return out;
};
const KEEP = /(median|p50|seconds|persecond|ms$|mib$)/i;
const SKIP = /(p95|min$|max$|\.n$|count|files$|chunks$|bytes|rounds|tasks$|queries$|edges|stages|lines|sent|executions$)/i;
const names = [...new Set(fs.readdirSync(dir).filter((f) => /-old-\d+\.json$/.test(f)).map((f) => f.replace(/-old-\d+\.json$/, '')))].sort();
for (const name of names) {
  const runs = (side) => fs.readdirSync(dir).filter((f) => f.startsWith(`${name}-${side}-`) && f.endsWith('.json')).map((f) => flat(parse(path.join(dir, f)) ?? {}));
  const oldRuns = runs('old');
  const newRuns = runs('new');
  if (!oldRuns.length || !newRuns.length) continue;
  console.log(`## ${name}`);
  for (const key of Object.keys(newRuns[0])) {
    if (!KEEP.test(key) || SKIP.test(key) || ![...oldRuns, ...newRuns].every((r) => key in r)) continue;
    const mean = (rs) => rs.reduce((s, r) => s + r[key], 0) / rs.length;
    const before = mean(oldRuns);
    const after = mean(newRuns);
    if (!before) continue;
    const ratio = after / before;
    const rate = /per ?second/i.test(key);
    const worse = rate ? ratio < 1 / 1.1 : ratio > 1.1;
    console.log(`  ${key}: old ${before.toFixed(2)} new ${after.toFixed(2)} ratio ${ratio.toFixed(2)}${worse ? '  WORSE' : ''}`);
  }
}
