import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const agents = path.join(repoRoot, 'agentpool');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--agents', agents, '--workspace', emptyWorkspace], {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
  });
  return { code, out, err };
}

let emptyWorkspace: string;

describe('big-three CLI', () => {
  before(() => {
    emptyWorkspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-cli-'));
  });
  after(() => fs.rmSync(emptyWorkspace, { recursive: true, force: true }));

  it('prints its version with --version (review of stop 39: it printed the help and exited 2)', async () => {
    const { code, out } = await cli('--version');
    assert.strictEqual(code, 0);
    assert.match(out, /^big-three \d+\.\d+\.\d+\n$/);
  });

  it('lists the 24 shipped experts', async () => {
    const { code, out } = await cli('experts', 'list');
    assert.strictEqual(code, 0);
    assert.match(out, /^backend-architect\s+1\s+architecture\s+builtin/m);
    assert.match(out, /24 experts/);
    const json = JSON.parse((await cli('experts', 'list', '--json')).out) as Array<{ id: string }>;
    assert.strictEqual(json.length, 24);
  });

  it('ranks with the shipped word vectors (found beside the program), and gives no expert for chit-chat', async () => {
    const { code, out } = await cli('select', 'predict which subscribers will leave next month', '--explain');
    assert.strictEqual(code, 0);
    assert.match(out, /^data-scientist /m);
    assert.match(out, /similarity to the definition: [1-9][\d.]* \(word vectors, z-score over the experts/);
    // The shipped sentence encoder (Universal Sentence Encoder Lite) reads it too, from the shipped experts' vectors.
    assert.match(out, /by the sentence encoder: [1-9][\d.]* \(z-score over the experts/);
    for (const chat of ['banana', 'hello', 'ok']) {
      const none = await cli('select', chat, '--json');
      assert.deepStrictEqual(JSON.parse(none.out).experts, [], `${chat}: ${none.out}`);
    }
  });

  it('keeps each expert on one row of the list, also one whose description runs over several lines', async () => {
    const folder = path.join(emptyWorkspace, '.claude', 'agents');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'multi.md'), '---\nname: multi-line\ndescription: |\n  First line.\n  Second line.\n---\nBody.\n');
    try {
      const { out } = await cli('experts', 'list');
      const row = out.split('\n').filter((line) => line.includes('First line'));
      assert.deepStrictEqual(row.length, 1, out);
      assert.match(row[0]!, /^multi-line\s.*First line\. Second line\.$/);
    } finally {
      fs.rmSync(path.join(emptyWorkspace, '.claude'), { recursive: true, force: true });
    }
  });

  it('selects one expert and explains the score', async () => {
    const { code, out } = await cli('select', 'Write a Helm chart for the API and deploy it to Kubernetes', '--explain');
    assert.strictEqual(code, 0);
    assert.match(out, /^devops-engineer {2}score/m);
    assert.match(out, /trigger words: \d/);
  });

  it('selects several experts as JSON with normalized scores', async () => {
    const { code, out } = await cli('select', 'An iOS app with a GraphQL API and a CI/CD pipeline', '--multiple', '3', '--json');
    assert.strictEqual(code, 0);
    const parsed = JSON.parse(out) as { experts: Array<{ id: string; normalizedScore: number }> };
    assert.strictEqual(parsed.experts[0]!.normalizedScore, 1);
    assert.ok(parsed.experts.length >= 2 && parsed.experts.length <= 3);
    assert.ok(parsed.experts.every((e) => e.normalizedScore <= 1 && e.normalizedScore > 0));
    // Each member's votes are in the JSON without --explain too (README; a stranger's review of stop 39).
    assert.ok(
      (parsed.experts as Array<{ team?: { first: boolean } }>).every((e) => e.team !== undefined),
      out,
    );
  });

  it("explains why each member is on a team: the whole task's, the parts' and the definitions' votes", async () => {
    const task = 'An iOS app with a GraphQL API and a CI/CD pipeline';
    const text = await cli('select', task, '--multiple', '3', '--explain');
    assert.strictEqual(text.code, 0);
    assert.match(text.out, /^ {4}team: first, the chooser's best for the whole task \(votes whole task [\d.]+ \+ parts/m);
    assert.match(text.out, /^ {4}team votes: whole task [\d.]+ \+ parts [\d.]+ \(most from "[^"]+": [\d.]+\) \+ definitions [\d.]+ = [\d.]+$/m);
    const json = JSON.parse((await cli('select', task, '--multiple', '3', '--explain', '--json')).out) as {
      experts: Array<{ team: { first: boolean; total: number; whole: number; parts: number; definitions: number } }>;
    };
    assert.deepStrictEqual(
      json.experts.map((e) => e.team.first),
      [true, ...json.experts.slice(1).map(() => false)],
    );
    for (const { team } of json.experts) assert.ok(Math.abs(team.total - team.whole - team.parts - team.definitions) < 1e-9);
  });

  it('reads tasks from a JSONL file and writes one JSON line per task, flagging bad lines', async () => {
    const file = path.join(emptyWorkspace, 'tasks.jsonl');
    const tooLong = JSON.stringify({ task: 'x '.repeat(15_000) });
    fs.writeFileSync(
      file,
      `{"task": "Fix the flaky Playwright tests"}\nplain text task about Terraform modules\n{"nope": 1}\n${tooLong}\nWrite a Helm chart\n`,
    );
    const { code, out } = await cli('select', '--file', file);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; experts?: Array<{ id: string }>; error?: string });
    assert.strictEqual(lines.length, 5);
    assert.strictEqual(lines[0]!.experts?.[0]?.id, 'qa-expert');
    assert.strictEqual(lines[1]!.experts?.[0]?.id, 'devops-engineer');
    assert.match(lines[2]!.error ?? '', /"task"/);
    assert.match(lines[3]!.error ?? '', /characters long/, "a task over the limit is its line's error");
    assert.strictEqual(lines[4]!.experts?.[0]?.id, 'devops-engineer', 'and the lines after it still get their answer');
    assert.strictEqual(code, 1);
    // A file without tasks is said, not answered with nothing and exit 0 (robustness probe).
    fs.writeFileSync(file, '\uFEFF\r\n  \n');
    const empty = await cli('select', '--file', file);
    assert.deepStrictEqual([empty.code, empty.out], [1, '']);
    assert.match(empty.err, /tasks\.jsonl: no tasks \(an empty file, or blank lines only\)/);
  });

  it('evaluates selection accuracy on a labelled file', async () => {
    const { code, out } = await cli('eval', 'selection', path.join(repoRoot, 'test', 'fixtures', 'selection-holdout.jsonl'));
    assert.strictEqual(code, 0);
    assert.match(out, /tasks: 24/);
    assert.match(out, /top-1 accuracy: \d+\.\d% \(\d+\/24\)/);
    assert.match(out, /top-3 accuracy: \d+\.\d% \(\d+\/24\)/);
  });

  it('reports a malformed eval line with its line number', async () => {
    const file = path.join(emptyWorkspace, 'bad.jsonl');
    fs.writeFileSync(file, '{"task": "x", "expert": "qa-expert"}\n{broken\n');
    const { code, err } = await cli('eval', 'selection', file);
    assert.strictEqual(code, 1);
    assert.match(err, /bad\.jsonl:2: not valid JSON/);
    const empty = path.join(emptyWorkspace, 'empty.jsonl');
    fs.writeFileSync(empty, '\n\n');
    for (const command of ['selection', 'teams', 'learning']) {
      const answer = await cli('eval', command, empty, '--epochs', '1');
      assert.strictEqual(answer.code, 1, `${command}: ${answer.err}`);
      assert.match(answer.err, /no labelled tasks|no teams/, command);
    }
  });

  it('reads evaluation files written on Windows: a byte order mark, CRLF line ends, blank lines (numbered as the file has them)', async () => {
    const bom = '\uFEFF';
    const labelled = path.join(emptyWorkspace, 'windows.jsonl');
    fs.writeFileSync(
      labelled,
      `${bom}{"task": "Write a Helm chart for the API", "expert": "devops-engineer"}\r\n\r\n{"task": "Fix the flaky Playwright tests", "expert": "qa-expert", "acceptable": null}\r\n`,
    );
    const selection = await cli('eval', 'selection', labelled, '--json');
    assert.strictEqual(selection.code, 0, selection.err);
    assert.strictEqual((JSON.parse(selection.out) as { total: number }).total, 2);
    const learning = await cli('eval', 'learning', labelled, '--epochs', '1', '--json');
    assert.strictEqual(learning.code, 0, learning.err);
    const tasks = path.join(emptyWorkspace, 'windows-tasks.jsonl');
    fs.writeFileSync(tasks, `${bom}{"task": "Fix the flaky Playwright tests"}\r\n\r\nnull\r\n`);
    const selected = (await cli('select', '--file', tasks)).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; experts?: Array<{ id: string }>; error?: string });
    assert.strictEqual(selected[0]!.experts?.[0]?.id, 'qa-expert');
    assert.deepStrictEqual(
      selected.map((l) => l.line),
      [1, 3],
    );
    const teams = path.join(emptyWorkspace, 'teams.jsonl');
    fs.writeFileSync(
      teams,
      `${bom}{"task": "Build the checkout page and its payment API", "required": ["frontend-developer", "backend-architect"]}\r\n\r\nnull\r\n`,
    );
    const team = await cli('eval', 'teams', teams);
    assert.strictEqual(team.code, 2, 'a line that is not an object is a usage error, not a crash');
    assert.match(team.err, /teams\.jsonl:3: each line needs "task" and "required"/);
  });

  it('answers wrong usage with exit code 2 and a hint', async () => {
    for (const args of [
      ['frobnicate'],
      ['select'],
      ['select', ''],
      ['select', '   '],
      ['select', 'x', '--multiple', 'many'],
      ['select', 'x', '--multiple', '101'],
      ['experts', 'list', '--bogus'],
    ]) {
      const { code, err } = await cli(...args);
      assert.strictEqual(code, 2, args.join(' '));
      assert.match(err, /big-three --help/);
    }
  });

  it('--multiple goes past the 24 built-in experts (larger catalogs), up to 100', async () => {
    const { code, out } = await cli('select', 'An iOS app with a GraphQL API and a CI/CD pipeline', '--multiple', '100', '--min-score', '0', '--json');
    assert.strictEqual(code, 0);
    assert.ok((JSON.parse(out) as { experts: unknown[] }).experts.length > 3);
  });

  it('records an outcome with --json as one JSON object (review of stop 39: it printed text)', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-cli-record-'));
    try {
      const run = (...args: string[]) => cli(...args, '--data-dir', data);
      const plain = JSON.parse((await run('learning', 'record', 'fix the flaky test', '--agent', 'qa-expert', '--success', '--json')).out) as Record<
        string,
        unknown
      >;
      assert.deepStrictEqual([plain.agentId, plain.success, plain.outcomes], ['qa-expert', true, 1]);
      const corrected = JSON.parse(
        (await run('learning', 'record', 'draw the login page', '--agent', 'qa-expert', '--failure', '--preferred', 'ui-ux-designer', '--json')).out,
      ) as Record<string, unknown>;
      assert.deepStrictEqual([corrected.preferredAgentId, corrected.success, corrected.outcomes], ['ui-ux-designer', false, 2]);
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  });

  it('exits 3 when no expert matches', async () => {
    const { code, err } = await cli('select', 'qqq zzz');
    assert.strictEqual(code, 3);
    assert.match(err, /No expert matched/);
  });

  it('refuses contradictory or meaningless input instead of acting on part of it (fuzzer, stop 29)', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-cli-fuzz-'));
    try {
      const run = (...args: string[]) => cli(...args, '--data-dir', data);
      const both = await run('learning', 'record', 'fix the flaky test', '--agent', 'qa-expert', '--success', '--failure');
      assert.strictEqual(both.code, 2);
      assert.match(both.err, /not both/);
      const self = await run('learning', 'record', 'fix the flaky test', '--agent', 'qa-expert', '--failure', '--preferred', 'qa-expert');
      assert.notStrictEqual(self.code, 0);
      assert.match(self.err, /not qa-expert itself/);
      assert.ok(!fs.existsSync(path.join(data, 'learning', 'outcomes.jsonl')), 'nothing recorded');
      const long = await run('learning', 'record', `fix the flaky test ${'x'.repeat(5000)}`, '--agent', 'qa-expert', '--success');
      assert.strictEqual(long.code, 0, long.err);
      assert.match(long.err, /the task is kept to its first 4,000 characters \(of 5,019\)/);
      fs.rmSync(path.join(data, 'learning'), { recursive: true, force: true });
      const teams = path.join(data, 'dup.jsonl');
      fs.writeFileSync(teams, '{"task": "build a react component", "required": ["frontend-developer", "frontend-developer"]}\n');
      const dup = await run('eval', 'teams', teams);
      assert.strictEqual(dup.code, 2);
      assert.match(dup.err, /dup\.jsonl:1: "required" names frontend-developer more than once/);
      // An id that is no loaded expert is named (robustness probe: the message said "task" and "required" were missing).
      fs.writeFileSync(teams, '{"task": "build a react component", "required": ["frontend-developer", "__proto__"]}\n');
      const unknown = await run('eval', 'teams', teams);
      assert.strictEqual(unknown.code, 2);
      assert.match(unknown.err, /dup\.jsonl:1: "required" names "__proto__", which is no loaded expert/);
      const labelled = path.join(data, 'two.jsonl');
      fs.writeFileSync(labelled, '{"task": "write the README", "expert": "technical-writer"}\n{"task": "fix the flaky test", "expert": "qa-expert"}\n');
      for (const [flag, value] of [
        ['--epochs', '0x2'],
        ['--noise', ''],
        ['--split', ' '],
      ]) {
        const bad = await run('eval', 'learning', labelled, '--epochs', '1', flag, value);
        assert.strictEqual(bad.code, 2, `${flag} "${value}"`);
        assert.match(bad.err, /must be a number/);
      }
      const nothingToTrain = await run('eval', 'learning', labelled, '--epochs', '1', '--split', '0.9');
      assert.notStrictEqual(nothingToTrain.code, 0);
      assert.match(nothingToTrain.err, /leaves nothing to learn from/);
      const bigSeed = await run('eval', 'learning', labelled, '--epochs', '1', '--seed', '4294967297');
      assert.match(bigSeed.err, /--seed must be a whole number from 0 to 4294967295/);
      // A number out of range is wrong usage like one that is no number (it exited 1: robustness probe).
      for (const [flag, value] of [
        ['--epochs', '0'],
        ['--split', '1'],
        ['--seed', '-5'],
        ['--noise', '0.6'],
      ]) {
        const outOfRange = await run('eval', 'learning', labelled, '--epochs', flag === '--epochs' ? value! : '1', flag, value!);
        assert.strictEqual(outOfRange.code, 2, `${flag} ${value}: ${outOfRange.err}`);
        assert.match(outOfRange.err, new RegExp(`${flag} must be`));
      }
      const empty = path.join(data, 'no-experts');
      fs.mkdirSync(empty);
      let err = '';
      const none = await runCli(['select', 'build a react component', '--agents', empty, '--workspace', emptyWorkspace, '--data-dir', data], {
        out: () => undefined,
        err: (t) => (err += t),
      });
      assert.strictEqual(none, 3);
      assert.match(err, /No experts are loaded/);
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
