// The ninth red team of the command check (stop 26): each command below was allowed, and in a copy of
// a workspace it ran code, wrote outside the workspace or read a secret there. Each now asks or is refused.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');

describe('command check: ninth red team', () => {
  const guard = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const withMetacharacters = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');
  const verdict = (command: string, g = guard) => g.evaluate(command).verdict;

  it('asks when npm or npx would hand [ ] { } to a shell again, where quotes no longer protect them', () => {
    for (const c of [
      // Brace expansion in npm's `sh -c`: --import=data:… runs code from the command line.
      "npm test -- '{-,-}-import=data:text/javascript,import%7BwriteFileSync%7Dfrom%22fs%22'",
      "npx tsc '{--generateTrace,{/tmp/out,}}' --noEmit",
      // A bracket glob: `.[.]` is "..", `[@]opts` a response file, `[n]ode_modules` a protected folder.
      "npm test -- '.[.]/outside/.env'",
      "npx tsc --noEmit '[@]opts'",
      "npx tsc --noEmit '[-]-generateTrace' '.[.]/victim'",
      "npm test -- '[n]ode_modules/x/test.js'",
      "pnpm test -- '{a,b}'",
      "yarn test '[x]'",
    ])
      assert.strictEqual(verdict(c), 'ask', c);
    for (const c of ['npm test', 'npm test -- --grep invoice', 'npx tsc --noEmit', 'npm run lint']) assert.strictEqual(verdict(c), 'allow', c);
  });

  it('refuses text bash evaluates as arithmetic, where a quoted a[$(…)] runs a command (even with shell constructs allowed)', () => {
    for (const c of [
      "ls && [[ 1 -eq 'a[$(touch /tmp/pwned)]' ]]",
      "[[ x -lt 'a[`id`]' ]] && ls",
      'for x in a; do echo $((x)); done',
      'echo ${a[i]}',
      'echo ${x:i:2}',
      '(( y = 1 + z ))',
      'let "n = m"',
    ]) {
      assert.strictEqual(verdict(c, withMetacharacters), 'deny', c);
      assert.strictEqual(verdict(c), 'deny', c);
    }
    for (const c of ['[[ 1 -eq 1 ]] && ls', '[[ a == b ]] && ls']) assert.strictEqual(verdict(c, withMetacharacters), 'allow', c);
    assert.strictEqual(verdict('ls $((1 + 2))', withMetacharacters), 'ask', 'numbers alone: an expansion like any other');
  });

  it('asks for a glob in an argument when shell constructs are allowed: what it names is not known before the shell expands it', () => {
    for (const c of ['git diff .[.]/outside/.env README', 'cat src/*', 'ls .?/x']) {
      assert.strictEqual(verdict(c, withMetacharacters), 'ask', c);
      assert.match(withMetacharacters.evaluate(c).reason, /is a glob/);
      assert.strictEqual(verdict(c), 'deny', c);
    }
    assert.strictEqual(verdict('ls src', withMetacharacters), 'allow');
  });
});
