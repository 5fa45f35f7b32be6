import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { FileLock } from '../../../src/orchestrator/memory/file-lock';
import { StoreLockTimeoutError } from '../../../src/orchestrator/memory/store-errors';
import { systemClock } from '../../../src/orchestrator/ports';
import { recordingLogger, tempDir } from './helpers';

describe('FileLock', () => {
  let dir: string;
  let lockFile: string;
  const fsPort = new NodeStoreFileSystem();

  beforeEach(() => {
    dir = tempDir('bt-lock-');
    lockFile = path.join(dir, '.lock');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes the lock file after the body, also when it throws', async () => {
    const lock = new FileLock(fsPort, lockFile, systemClock, recordingLogger());
    assert.strictEqual(await lock.withLock(async () => fs.existsSync(lockFile)), true);
    assert.ok(!fs.existsSync(lockFile));
    await assert.rejects(
      lock.withLock(async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.ok(!fs.existsSync(lockFile));
  });

  it('breaks a lock left by a process that no longer exists, with a warning', async () => {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: fsPort.hostName, token: 'dead', at: Date.now() }));
    const logger = recordingLogger();
    const lock = new FileLock(fsPort, lockFile, systemClock, logger, { timeoutMs: 2000 });
    assert.strictEqual(await lock.withLock(async () => 'got it'), 'got it');
    assert.match(logger.warnings().join('\n'), /Broke an abandoned lock/);
  });

  it('times out on a lock held by a live process, naming the holder', async () => {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, host: fsPort.hostName, token: 'alive', at: Date.now() }));
    const lock = new FileLock(fsPort, lockFile, systemClock, recordingLogger(), { timeoutMs: 150 });
    await assert.rejects(
      lock.withLock(async () => 'never'),
      (e: Error) => e instanceof StoreLockTimeoutError && e.message.includes(`process ${process.ppid}`) && e.message.includes(lockFile),
    );
    assert.ok(fs.existsSync(lockFile), 'a live holder keeps its lock');
  });

  it('takes over a lock file older than staleMs even from another host', async () => {
    fs.writeFileSync(lockFile, JSON.stringify({ pid: 1, host: 'elsewhere', token: 'old', at: 0 }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, old, old);
    const lock = new FileLock(fsPort, lockFile, systemClock, recordingLogger(), { timeoutMs: 2000, staleMs: 30_000 });
    assert.strictEqual(await lock.withLock(async () => 1), 1);
  });

  it('leaves a lock that another process took over meanwhile, with a warning, however short the hold', async () => {
    const logger = recordingLogger();
    const lock = new FileLock(fsPort, lockFile, systemClock, logger, { staleMs: 40_000 });
    await lock.withLock(async () => {
      fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, host: fsPort.hostName, token: 'theirs', at: Date.now() }));
    });
    assert.ok(fs.existsSync(lockFile), "the new holder's lock is left alone");
    assert.match(logger.warnings().join('\n'), /was taken from this process while it held it/);
  });
});
