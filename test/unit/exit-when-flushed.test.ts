// exitWhenFlushed (the end of a CLI search): megabytes written just before it reach a slow reader whole,
// with the exit code given.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';

const flushModule = path.resolve(__dirname, '..', '..', 'src', 'cli', 'exit-when-flushed.js');

describe('exitWhenFlushed', () => {
  it('ends the process with its code only once megabytes of output have reached a slow reader', async () => {
    const line = `${'x'.repeat(1023)}\n`;
    const script = [
      `const { exitWhenFlushed } = require(${JSON.stringify(flushModule)});`,
      `for (let i = 0; i < 4096; i++) process.stdout.write(${JSON.stringify(line)});`,
      "process.stderr.write('e'.repeat(200000));",
      'exitWhenFlushed(3);',
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script]);
    let out = 0;
    let err = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.length;
      // A slow reader: the pipe stays full, so the child's writes stay pending.
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.length));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.strictEqual(code, 3);
    assert.strictEqual(out, 4096 * 1024);
    assert.strictEqual(err, 200000);
  });
});
