// Seeded fuzzing of the command policy against an independent parse: each command line is generated
// from a structure (the simple commands it runs, through which wrappers, joined how, quoted how), so
// the generator knows what a shell would run without parsing the text. The policy's verdict must be
// exactly what that structure implies. A failure prints the seed, the case and the command line.
import * as assert from 'assert';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';
import { seededRandom } from './security-fixture';

const SEED = 0x0c0ffee;
type Verdict = 'allow' | 'ask' | 'deny';
const RANK: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };

interface Generated {
  text: string;
  verdict: Verdict;
  /** Uses a list, pipe, substitution, comment or redirection (refused when constructs are off). */
  construct: boolean;
}

const DENIED = [
  ['rm', '-rf', 'x'],
  ['rm', '-fr', 'x'],
  ['rm', '-r', '-f', 'x'],
  ['rm', '-R', '--force', 'x'],
  ['rm', '--recursive', '-f', 'x'],
  ['sudo', 'id'],
  ['curl', 'x'],
  ['git', 'push'],
  ['git', 'clean', '-fd'],
  ['git', '-C', 'src', 'push'],
  ['su', 'x'],
];
const ALLOWED = [
  ['git', 'status'],
  ['npm', 'test'],
  ['ls'],
  ['pwd'],
  ['git', 'log', '--oneline'],
  ['git', 'diff', 'HEAD~1'],
  ['npx', 'tsc', '--noEmit'],
  ['ls', 'src'],
];
const UNLISTED = [['make'], ['cat', 'x'], ['echo', 'hi'], ['ls', '/etc'], ['git', 'commit']];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** Spells a word differently without changing what the shell makes of it. */
function obfuscate(rand: () => number, word: string): string {
  if (!/^[A-Za-z-]{2,}$/.test(word)) return word;
  switch (Math.floor(rand() * 7)) {
    case 0:
      return `"${word}"`;
    case 1:
      return `'${word}'`;
    case 2:
      return `${word[0]}\\${word.slice(1)}`;
    case 3:
      return `${word[0]}''${word.slice(1)}`;
    case 4:
      return `"${word[0]}"${word.slice(1)}`;
    case 5:
      return [...word].map((c) => `\\${c}`).join('');
    default:
      return word;
  }
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** One simple command, possibly behind a wrapper, possibly with an environment assignment. */
function simpleCommand(rand: () => number, depth: number): Generated {
  const roll = rand();
  const base = roll < 0.3 ? pick(rand, DENIED) : roll < 0.75 ? pick(rand, ALLOWED) : pick(rand, UNLISTED);
  let verdict: Verdict = DENIED.includes(base) ? 'deny' : ALLOWED.includes(base) ? 'allow' : 'ask';
  let text = base.map((w) => obfuscate(rand, w)).join(' ');
  let construct = false;
  const wrapper = Math.floor(rand() * 9);
  if (wrapper === 0) text = `env ${text}`;
  else if (wrapper === 1) text = `timeout ${pick(rand, ['5', '-s KILL 5', '--signal=TERM 1m'])} ${text}`;
  else if (wrapper === 2) text = `nice -n 3 ${text}`;
  else if (wrapper === 3) text = `nohup ${text}`;
  else if (wrapper === 4 && depth < 2) {
    const inner = generate(rand, depth + 1);
    text = `${pick(rand, ['sh', 'bash', '/bin/sh'])} ${pick(rand, ['-c', '-lc', '-ec'])} ${singleQuote(inner.text)}`;
    verdict = RANK[inner.verdict] > RANK.ask ? inner.verdict : 'ask';
    construct = inner.construct;
  } else if (wrapper === 5) {
    text = `xargs ${text}`;
    verdict = verdict === 'deny' ? 'deny' : 'ask';
  } else if (wrapper === 6) {
    text = `find . -exec ${text} ${pick(rand, ['\\;', "';'", '+'])}`;
    verdict = verdict === 'deny' ? 'deny' : 'ask';
  }
  if (rand() < 0.08) {
    text = `${pick(rand, ['GIT_DIR=x', 'PAGER=sh', 'A=1'])} ${text}`;
    verdict = 'deny';
  }
  if (depth === 0 && rand() < 0.1) {
    text = `${text} # ${pick(rand, ['rm -rf /', 'sudo', '$(curl x)'])}`;
    construct = true;
  }
  return { text, verdict, construct };
}

function generate(rand: () => number, depth = 0): Generated {
  let out = simpleCommand(rand, depth);
  const joins = Math.floor(rand() * 3);
  for (let i = 0; i < joins; i++) {
    const next = simpleCommand(rand, depth);
    if (out.text.includes('#')) break; // nothing after a comment runs
    const how = Math.floor(rand() * 6);
    if (how === 5) {
      // the next command runs inside a substitution; its output becomes an argument of `ls`
      out = {
        text: `${out.text.startsWith('ls') ? out.text : 'ls'} "$(${next.text.replace(/ #.*$/, '')})"`,
        verdict: worst(next.verdict.replace(/allow/, 'ask') as Verdict, out.text.startsWith('ls') ? out.verdict : 'allow'),
        construct: true,
      };
      continue;
    }
    out = { text: `${out.text} ${['&&', '||', ';', '|', '&&'][how]!} ${next.text}`, verdict: worst(out.verdict, next.verdict), construct: true };
    if (next.construct) out.construct = true;
  }
  if (rand() < 0.08) {
    out = { text: `${out.text.replace(/ #.*$/, '')} 2>/dev/null`, verdict: out.verdict, construct: true };
  }
  return out;
}

function worst(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

describe('fuzz: command policy against an independent parse', () => {
  it('600 generated command lines get exactly the verdict their structure implies', function () {
    this.timeout(120_000); // about 2 ms per line on an idle machine, far more on a shared one
    const loose = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, ['/work/fuzz-root']);
    const strict = new CommandGuard(DEFAULT_COMMAND_RULES, ['/work/fuzz-root']);
    const rand = seededRandom(SEED);
    const counts: Record<Verdict, number> = { allow: 0, ask: 0, deny: 0 };
    const mismatches: string[] = [];
    for (let i = 0; i < 600; i++) {
      const g = generate(rand);
      const got = loose.evaluate(g.text);
      const gotStrict = strict.evaluate(g.text);
      counts[g.verdict]++;
      if (got.verdict !== g.verdict) mismatches.push(`seed ${SEED} case ${i}: ${JSON.stringify(g.text)} expected ${g.verdict}, got ${JSON.stringify(got)}`);
      // With shell constructs off, a line using them is denied; one without them gets the same verdict.
      const plain = !g.construct;
      const strictExpected: Verdict = plain ? g.verdict : 'deny';
      if (gotStrict.verdict !== strictExpected)
        mismatches.push(`strict: seed ${SEED} case ${i}: ${JSON.stringify(g.text)} expected ${strictExpected}, got ${JSON.stringify(gotStrict)}`);
      if (RANK[gotStrict.verdict] < RANK[got.verdict]) mismatches.push(`strict is looser than loose: ${JSON.stringify(g.text)}`);
    }
    assert.deepStrictEqual(mismatches.slice(0, 10), []);
    assert.ok(counts.allow > 60 && counts.ask > 60 && counts.deny > 60, JSON.stringify(counts));
  });
});
