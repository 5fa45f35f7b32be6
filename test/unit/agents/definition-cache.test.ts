// Parsed definitions kept between starts: a second start parses nothing and loads the same catalog;
// an edited file, another build of the code or a damaged cache file is parsed afresh. Real files in temp folders.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { DefinitionCache } from '../../../src/orchestrator/agents/definition-cache';
import { ExpertCatalog } from '../../../src/orchestrator/agents/expert-catalog';
import type { LoggerPort } from '../../../src/orchestrator/ports';

const AGENTPOOL = path.resolve(__dirname, '..', '..', '..', '..', 'agentpool');

function recordingLogger(): LoggerPort & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
}

describe('DefinitionCache', () => {
  let dir: string;
  let pool: string;
  let cacheFile: string;
  const nodeFs = new NodeFileSystem();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-definition-cache-'));
    pool = path.join(dir, 'agentpool');
    fs.cpSync(AGENTPOOL, pool, { recursive: true });
    cacheFile = path.join(dir, 'data', 'cache', 'expert-definitions.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** One start: a new catalog (and cache) over the pool, loaded once. */
  async function start(version = 'build-1', logger = recordingLogger()) {
    const cache = new DefinitionCache(nodeFs, cacheFile, version, logger);
    const catalog = new ExpertCatalog(nodeFs, logger, [{ root: pool, origin: 'builtin' }], cache);
    const snapshot = await catalog.reload();
    return { cache, catalog, snapshot, logger };
  }

  it('a second start parses nothing and loads the same experts and diagnostics as parsing does', async () => {
    fs.writeFileSync(path.join(pool, 'broken.md'), '---\nid: [unclosed\n---\nbody\n');
    const parsed = await new ExpertCatalog(nodeFs, recordingLogger(), [{ root: pool, origin: 'builtin' }]).reload();
    const first = await start();
    assert.strictEqual(first.cache.counts.hits, 0);
    assert.strictEqual(first.cache.counts.misses, 25);
    assert.ok(fs.existsSync(cacheFile), 'the cache is written');
    const second = await start();
    assert.deepStrictEqual({ hits: second.cache.counts.hits, misses: second.cache.counts.misses }, { hits: 25, misses: 0 });
    assert.deepStrictEqual(second.snapshot, parsed);
    assert.ok(
      second.snapshot.diagnostics.some((d) => d.file.endsWith('broken.md') && d.severity === 'error'),
      'the broken file is still reported',
    );
  });

  it('an edited definition is parsed again and a deleted one leaves the cache', async () => {
    await start();
    const file = path.join(pool, 'tier1-core', 'qa-expert.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^description: .*$/m, 'description: Tests everything twice'));
    fs.rmSync(path.join(pool, 'tier1-core', 'code-reviewer.md'));
    const second = await start();
    assert.strictEqual(second.cache.counts.misses, 1);
    assert.strictEqual(second.catalog.get('qa-expert').description, 'Tests everything twice');
    assert.strictEqual(second.catalog.find('code-reviewer'), undefined);
    const onDisk = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
    assert.strictEqual(Object.keys(onDisk.entries).length, 23, 'only the files loaded now are kept');
  });

  it('another build of the code parses every definition again', async () => {
    await start('build-1');
    const other = await start('build-2');
    assert.deepStrictEqual({ hits: other.cache.counts.hits, misses: other.cache.counts.misses }, { hits: 0, misses: 24 });
    assert.strictEqual((JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { version: string }).version, 'build-2');
  });

  for (const [what, text] of [
    ['not JSON', '{"format": "big-three-definition-cache/1", "vers'],
    [
      'an entry of the wrong shape',
      JSON.stringify({ format: 'big-three-definition-cache/1', version: 'build-1', entries: { k: { definition: { id: 1 }, diagnostics: [] } } }),
    ],
    ['another format', JSON.stringify({ format: 'something-else', version: 'build-1', entries: {} })],
  ] as const) {
    it(`a cache file that is ${what} is moved aside, said so and rewritten`, async () => {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      fs.writeFileSync(cacheFile, text);
      const run = await start();
      assert.strictEqual(run.snapshot.experts.length, 24);
      assert.ok(
        run.logger.warnings.some((w) => /definition cache .* is malformed/.test(w)),
        run.logger.warnings.join('\n'),
      );
      const aside = fs.readdirSync(path.dirname(cacheFile)).filter((f) => f.startsWith('expert-definitions.json.corrupt-'));
      assert.strictEqual(aside.length, 1, 'the damaged file is kept aside');
      assert.strictEqual(fs.readFileSync(path.join(path.dirname(cacheFile), aside[0]!), 'utf8'), text);
      const again = await start();
      assert.strictEqual(again.cache.counts.hits, 24, 'the rewritten cache is used by the next start');
    });
  }

  it('what a caller changes in a loaded definition never reaches the cache', async () => {
    const first = await start();
    first.catalog.get('qa-expert').triggers.push('changed by a caller');
    await first.catalog.reload();
    const second = await start();
    assert.ok(!second.catalog.get('qa-expert').triggers.includes('changed by a caller'));
  });
});
