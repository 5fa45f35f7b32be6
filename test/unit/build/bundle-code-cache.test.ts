// The extension's own code cache (adapters/bundle-code-cache.ts): a bundle loads as a module would (its
// require, __dirname, module.exports), its cache is written after it ran and used on the next load, and a
// changed bundle is compiled afresh and its cache rewritten.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireWithCodeCache } from '../../../src/adapters/bundle-code-cache';

describe('bundle code cache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-code-cache-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bundleSource = (answer: number) =>
    [
      "const helper = require('./helper.js');",
      "const path = require('path');",
      `module.exports = { answer: () => helper.twice(${answer / 2}), folder: __dirname, file: path.basename(__filename), self: this === module.exports };`,
    ].join('\n');

  it('loads a bundle as a module, caches its compiled code after it ran, and reuses it', async () => {
    fs.writeFileSync(path.join(dir, 'helper.js'), 'exports.twice = (n) => n * 2;\n');
    const file = path.join(dir, 'bundle.js');
    const cacheFile = path.join(dir, 'storage', 'code-cache', 'bundle.bin');
    fs.writeFileSync(file, bundleSource(42));

    type Exports = { answer: () => number; folder: string; file: string; self: boolean };
    const first = requireWithCodeCache<Exports>(file, cacheFile);
    assert.deepStrictEqual({ ...first.exports, answer: first.exports.answer() }, { answer: 42, folder: dir, file: 'bundle.js', self: true });
    assert.strictEqual(first.fromCache, false);
    assert.strictEqual(await first.saveCache(), true);
    assert.ok(fs.statSync(cacheFile).size > 0);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(cacheFile)), ['bundle.bin'], 'written through a temporary file, none left behind');

    const second = requireWithCodeCache<Exports>(file, cacheFile);
    assert.strictEqual(second.fromCache, true, 'V8 accepted the cache');
    assert.strictEqual(second.exports.answer(), 42);
    assert.strictEqual(await second.saveCache(), false, 'an accepted cache is not written again');

    // An updated bundle of the same length (all V8 itself would check): the old cache is not used, the
    // bundle is compiled afresh and its cache replaced.
    assert.strictEqual(bundleSource(84).length, bundleSource(42).length);
    fs.writeFileSync(file, bundleSource(84));
    const updated = requireWithCodeCache<Exports>(file, cacheFile);
    assert.strictEqual(updated.fromCache, false);
    assert.strictEqual(updated.exports.answer(), 84);
    assert.strictEqual(await updated.saveCache(), true);
    assert.strictEqual(requireWithCodeCache<Exports>(file, cacheFile).fromCache, true);
  });

  it('never hands V8 a damaged or truncated cache (V8 would accept it and could crash): the bundle compiles afresh and the cache is rewritten', async () => {
    fs.writeFileSync(path.join(dir, 'helper.js'), 'exports.twice = (n) => n * 2;\n');
    const file = path.join(dir, 'bundle.js');
    const cacheFile = path.join(dir, 'bundle.bin');
    fs.writeFileSync(file, bundleSource(42));
    await requireWithCodeCache(file, cacheFile).saveCache();
    const good = fs.readFileSync(cacheFile);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 100] = damaged[damaged.length - 100]! ^ 0xff;
    for (const bad of [damaged, good.subarray(0, good.length - 1), good.subarray(0, 20), Buffer.alloc(0)]) {
      fs.writeFileSync(cacheFile, bad);
      const loaded = requireWithCodeCache<{ answer: () => number }>(file, cacheFile);
      assert.strictEqual(loaded.fromCache, false, `${bad.length} bytes`);
      assert.strictEqual(loaded.exports.answer(), 42);
      assert.strictEqual(await loaded.saveCache(), true);
      assert.strictEqual(requireWithCodeCache(file, cacheFile).fromCache, true, 'rewritten whole');
    }
  });

  it("reports errors at the bundle's own line and column (the wrapper shifts nothing)", () => {
    const file = path.join(dir, 'thrower.js');
    fs.writeFileSync(file, 'module.exports = () => { throw new Error("here"); };');
    const loaded = requireWithCodeCache<() => void>(file, path.join(dir, 'thrower.bin'));
    assert.throws(loaded.exports, (error: Error) => {
      assert.match(error.stack!, new RegExp(`thrower\\.js:1:${'module.exports = () => { throw new Error('.indexOf('new Error') + 1}`));
      return true;
    });
  });
});
