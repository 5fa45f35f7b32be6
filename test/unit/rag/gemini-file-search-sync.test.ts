// File Search sync against the loopback fake (real @google/genai SDK): uploads run in parallel with
// a bounded number in flight, each polled over several operation polls, and a 429 with retry-after
// is waited out and retried instead of aborting the sync (issue 14).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import { GeminiFileSearch } from '../../../src/orchestrator/rag/gemini-file-search';
import { type FakeGemini, startFakeGemini } from '../../fakes/fake-gemini-server';

describe('Gemini File Search sync: bounded parallel uploads with retries', () => {
  let fake: FakeGemini;
  let storage: string;
  let waits: number[];

  beforeEach(() => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gem-sync-'));
    waits = [];
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(storage, { recursive: true, force: true });
  });

  const items = Array.from({ length: 12 }, (_, i) => ({ relPath: `docs/note-${i}.md`, hash: `h${i}`, text: `Note ${i}: the invoice module rounds totals.` }));
  const search = () =>
    new GeminiFileSearch({
      apiKey: 'gk-test',
      baseUrl: fake.baseUrl,
      model: 'gemini-2.5-flash',
      storeDisplayName: 'sync-test',
      fs: new NodeFileSystem(),
      clock: systemClock,
      logger: silentLogger,
      stateFile: path.join(storage, 'gemini.json'),
      pollMs: 5,
      concurrency: 4,
      sleep: async (ms) => void waits.push(ms),
    });

  it('keeps at most `concurrency` uploads in flight, each polled until done', async () => {
    fake = await startFakeGemini({ pollsUntilDone: 3 });
    const result = await search().sync(items);
    assert.deepStrictEqual(result, { uploaded: 12, deleted: 0 });
    assert.strictEqual([...fake.stores.values()][0]!.docs.length, 12);
    assert.ok(fake.maxInFlight > 1 && fake.maxInFlight <= 4, `in flight at once: ${fake.maxInFlight}`);
    assert.ok(fake.log.filter((r) => r.method === 'GET' && /operations/.test(r.path)).length >= 12 * 3, 'several polls per upload');
  });

  it('a 429 with retry-after during the sync is waited out and retried; nothing is lost', async () => {
    let starts = 0;
    fake = await startFakeGemini({ throttle: (method, p) => (method === 'POST' && /uploadToFileSearchStore$/.test(p) && ++starts % 5 === 0 ? 3 : undefined) });
    const result = await search().sync(items);
    assert.deepStrictEqual(result, { uploaded: 12, deleted: 0 });
    assert.ok(fake.throttled >= 2, `throttled ${fake.throttled} times`);
    assert.ok(waits.includes(3_000), `retry-after honoured: ${waits.join(', ')}`);
    assert.deepStrictEqual([...fake.stores.values()][0]!.docs.map((d) => d.displayName).sort(), items.map((i) => i.relPath).sort());
  });
});
