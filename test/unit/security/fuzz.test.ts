// Seeded fuzzing of the path checks (commands: command-fuzz.test.ts): thousands of generated inputs, each checked against
// invariants that must hold whatever the guard decides. A failure prints the seed and the input.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PathViolationError } from '../../../src/orchestrator/security/errors';
import { PathGuard } from '../../../src/orchestrator/security/path-guard';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { seededRandom, tempDir } from './security-fixture';

const SEED = 0x5eed_b16;
const PATH_ATOMS = [
  'src',
  'a.ts',
  '..',
  '.',
  '.git',
  '.GIT',
  '.git.',
  '.git ',
  '.vscode',
  '.VSCODE',
  '.big-three',
  '.claude',
  '',
  '~',
  ':',
  '\u0000',
  '\u202e',
  '\u200b',
  'x y',
  'é',
  '*',
  '%2e%2e',
  'GIT~1',
  '....',
  '. .',
  'node_modules',
  'a\\b',
  'C:',
  'in',
  'out',
  'gitlink',
];
const PROTECTED_FIRST = new Set(['.vscode', '.big-three', '.claude']);

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

describe('fuzz: path and command checks', () => {
  let tmp: string;
  let root: string;
  let outside: string;

  before(() => {
    tmp = tempDir('bt-fuzz-');
    root = path.join(tmp, 'ws');
    outside = path.join(tmp, 'outside');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.mkdirSync(path.join(root, '.git'), { recursive: true });
    fs.mkdirSync(outside);
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'in'));
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(path.join(root, '.git'), path.join(root, 'gitlink'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function randomPath(rand: () => number): string {
    const n = 1 + Math.floor(rand() * 5);
    const sep = rand() < 0.8 ? '/' : '\\';
    const body = Array.from({ length: n }, () => pick(rand, PATH_ATOMS)).join(sep);
    const r = rand();
    return r < 0.1 ? `${root}/${body}` : r < 0.15 ? `${outside}/${body}` : r < 0.2 ? `/${body}` : body;
  }

  it('lexical path check: 20,000 generated paths keep every invariant', () => {
    const guard = new PathGuard({ roots: [root], caseInsensitive: false });
    const rand = seededRandom(SEED);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const input = randomPath(rand);
      const mode = rand() < 0.5 ? 'read' : 'write';
      const where = `seed ${SEED} case ${i}: ${JSON.stringify(input)} (${mode})`;
      let result;
      try {
        result = guard.checkLexical(input, mode);
      } catch (error) {
        assert.ok(error instanceof PathViolationError, `${where}: threw ${String(error)}`);
        continue;
      }
      accepted++;
      const segments = input.split(/[\\/]/);
      assert.ok(!segments.includes('..'), `${where}: accepted a ".." segment`);
      assert.ok(!/[\u0000-\u001f\u202e\u200b]/.test(input), `${where}: accepted a control character`);
      assert.ok(inside(root, result.absolute), `${where}: ${result.absolute} is not inside the root`);
      const normalized = result.relative
        .toLowerCase()
        .split('/')
        .map((s) => s.replace(/[. ]+$/, ''));
      if (mode === 'write') assert.ok(!normalized.includes('.git'), `${where}: write under .git accepted`);
      if (PROTECTED_FIRST.has(normalized[0]!) && normalized.length > 1) assert.ok(result.protectedBy, `${where}: protected path not flagged`);
    }
    assert.ok(accepted > 2_000 && accepted < 18_000, `the generator exercises both outcomes (accepted ${accepted})`);
  });

  it('real-path check: 1,500 generated paths through symlinks never leave the root or reach .git for writing', async () => {
    const guard = new PathGuard({ roots: [root], caseInsensitive: false }, nodeRealPath);
    const realRoot = fs.realpathSync(root);
    const realGit = path.join(realRoot, '.git');
    const rand = seededRandom(SEED + 1);
    let accepted = 0;
    for (let i = 0; i < 1_500; i++) {
      const input = randomPath(rand);
      const mode = rand() < 0.5 ? 'read' : 'write';
      const where = `seed ${SEED + 1} case ${i}: ${JSON.stringify(input)} (${mode})`;
      try {
        await guard.resolve(input, mode);
      } catch (error) {
        assert.ok(error instanceof PathViolationError, `${where}: threw ${String(error)}`);
        continue;
      }
      accepted++;
      // Independent oracle: resolve the deepest existing ancestor with fs.realpathSync.
      let probe = path.resolve(root, input.replace(/\\/g, '/'));
      const rest: string[] = [];
      while (!fs.existsSync(probe)) {
        rest.unshift(path.basename(probe));
        probe = path.dirname(probe);
      }
      const real = path.join(fs.realpathSync(probe), ...rest);
      assert.ok(inside(realRoot, real), `${where}: really resolves to ${real}`);
      if (mode === 'write') assert.ok(!inside(realGit, real) && real !== realGit, `${where}: write reaches .git (${real})`);
    }
    assert.ok(accepted > 100, `accepted ${accepted}`);
  });
});
