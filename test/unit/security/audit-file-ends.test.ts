// readLastLines / readFirstLines: the ends of a JSON Lines file without its middle.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { readFirstLines, readLastLines } from '../../../src/orchestrator/security/audit-file-ends';
import { countingReader, tempDir } from './security-fixture';

describe('the ends of a JSON Lines file', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('bt-ends-')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const nodeFs = new NodeFileSystem();
  /** The same port without openForReading: every read is of the whole file. */
  const wholeFs = Object.assign(Object.create(nodeFs) as NodeFileSystem, { openForReading: undefined });

  // Lines of varied length, with characters of 2, 3 and 4 bytes, so block edges fall inside characters.
  const makeLines = (n: number) =>
    Array.from({ length: n }, (_, i) => `{"seq":${i + 1},"text":"${'é€😀x'.repeat((i * 7) % 23)}${'a'.repeat((i * 131) % 900)}"}`);

  it('finds the same last lines, torn tail and first lines as reading the whole file, at every block edge', async () => {
    const file = path.join(dir, 'log.jsonl');
    for (const [count, torn] of [
      [3, ''],
      [400, ''],
      [400, '{"seq":401,"te'],
      [1500, 'x'],
    ] as const) {
      const all = makeLines(count);
      fs.writeFileSync(file, `${all.join('\n')}\n${torn}`);
      for (const wanted of [0, 1, 7, 300, 5000]) {
        const end = await readLastLines(nodeFs, file, wanted);
        const whole = await readLastLines(wholeFs, file, wanted);
        assert.strictEqual(end.size, fs.statSync(file).size);
        assert.strictEqual(end.torn, torn || undefined, `${count}/${wanted}`);
        assert.ok(end.lines.length >= Math.min(wanted, count), `${count}/${wanted}: ${end.lines.length} lines`);
        assert.deepStrictEqual(end.lines, all.slice(all.length - end.lines.length), `${count}/${wanted}: the newest lines, whole and in order`);
        assert.strictEqual(end.whole, end.lines.length === count);
        assert.deepStrictEqual(whole.lines, all);
      }
      const first = await readFirstLines(nodeFs, file);
      assert.ok(first.length >= 1);
      assert.deepStrictEqual(first, all.slice(0, first.length));
    }
  });

  it('reads a large file by its ends only', async () => {
    const file = path.join(dir, 'big.jsonl');
    fs.writeFileSync(file, `${makeLines(20_000).join('\n')}\n`);
    let bytesRead = 0;
    const counting = Object.assign(Object.create(nodeFs) as NodeFileSystem, {
      openForReading: async (f: string) => countingReader(await nodeFs.openForReading(f), (n) => (bytesRead += n)),
      readFile: () => Promise.reject(new Error('the whole file was read')),
    });
    const end = await readLastLines(counting, file, 10);
    const first = await readFirstLines(counting, file);
    assert.ok(end.lines.length >= 10 && first.length >= 1);
    assert.ok(bytesRead < 200 * 1024, `${bytesRead} bytes read of ${fs.statSync(file).size}`);
  });

  it('reads every block from the file it opened, when it is renamed away (a rotation by another process) right after', async () => {
    const file = path.join(dir, 'log.jsonl');
    const all = makeLines(3000);
    fs.writeFileSync(file, `${all.join('\n')}\n`);
    const rotating = Object.assign(Object.create(nodeFs) as NodeFileSystem, {
      openForReading: async (f: string) => {
        const reader = await nodeFs.openForReading(f);
        if (fs.existsSync(file)) fs.renameSync(file, `${file}.rotated`); // the name is gone before the first block is read
        return reader;
      },
    });
    const end = await readLastLines(rotating, file, 2000);
    assert.deepStrictEqual(end.lines, all.slice(all.length - end.lines.length));
    assert.strictEqual(end.size, fs.statSync(`${file}.rotated`).size);
    assert.deepStrictEqual(await readLastLines(rotating, file, 5), { size: 0, lines: [], whole: true }, 'no file by that name now: empty, not ENOENT');
  });

  it('takes a missing file as empty, and a line longer than a block whole', async () => {
    assert.deepStrictEqual(await readLastLines(nodeFs, path.join(dir, 'none'), 5), { size: 0, lines: [], whole: true });
    assert.deepStrictEqual(await readFirstLines(nodeFs, path.join(dir, 'none')), []);
    const file = path.join(dir, 'long.jsonl');
    const long = `{"x":"${'b'.repeat(300 * 1024)}"}`;
    fs.writeFileSync(file, `${long}\n{"y":1}\n`);
    assert.deepStrictEqual((await readLastLines(nodeFs, file, 2)).lines, [long, '{"y":1}']);
    assert.deepStrictEqual(await readFirstLines(nodeFs, file), [long, '{"y":1}']);
  });
});
