// The CLI's compile cache (adapters/compile-cache.ts) on a Node that has one: modules loaded after
// enabling it leave their compiled code in the folder given.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** This Node when it has a compile cache, else the Node 24 that the test setup installs. */
function nodeWithCompileCache(): string {
  if ((require('module') as { enableCompileCache?: unknown }).enableCompileCache) return process.execPath;
  const installed = path.join(process.env.BIG_THREE_TOOLS ?? path.join(root, '.vscode-test'), 'node24', 'bin', 'node');
  assert.ok(fs.existsSync(installed), `no Node with a compile cache: ${installed} is missing (run scripts/setup-vscode.sh)`);
  return installed;
}

describe('compile cache', () => {
  it('keeps the compiled code of modules loaded after it is enabled in the given folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-compile-cache-'));
    try {
      const cache = path.join(dir, 'cache');
      const loaded = path.join(dir, 'loaded.js');
      fs.writeFileSync(loaded, 'module.exports = function answer() { return 42; };\n');
      const script = [
        `const c = require(${JSON.stringify(path.join(root, 'out', 'src', 'adapters', 'compile-cache.js'))});`,
        `c.enableCompileCache(${JSON.stringify(cache)});`,
        `if (require(${JSON.stringify(loaded)})() !== 42) process.exit(2);`,
      ].join('\n');
      const env = { ...process.env };
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const run = spawnSync(nodeWithCompileCache(), ['-e', script], { encoding: 'utf8', env });
      assert.strictEqual(run.status, 0, run.stderr);
      const files = fs.readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      assert.ok(files.length >= 1, `no cache entry in ${cache}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
