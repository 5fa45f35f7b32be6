// One core, one data folder: an outcome recorded in VS Code is visible to `big-three learning stats` and
// to the MCP server started on the same workspace and data folder, and one audit chain verifies.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi, BigThreeExports } from '../../../src/extension';
import { activateBigThree, workspaceRoot } from '../helpers';
import { COMMANDS } from '../../../src/views/command-ids';
import { DeferredCommands } from '../../../src/views/lazy/deferred-commands';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function cli(api: BigThreeApi, args: string[], input?: string): Promise<Run> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'big-three')!;
  const main = path.join(extension.extensionPath, 'dist', 'cli.js');
  const child = spawn(process.execPath, [main, ...args, '--data-dir', api.dataDirs.user, '--workspace', workspaceRoot()], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  if (input !== undefined) child.stdin.end(input);
  // 'close', not 'exit': the output may still be arriving when the process has exited.
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const rpc = (id: number, method: string, params: unknown) => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;

export function defineOneCoreTests(): void {
  suite('One core for VS Code, the CLI and the MCP server', () => {
    let api: BigThreeApi;
    suiteSetup(async () => {
      api = await activateBigThree();
    });

    test('an outcome recorded in VS Code is seen by big-three learning stats and the MCP server; one audit chain verifies', async () => {
      const task = `Tune the Postgres connection pool (${Date.now()})`;
      const outcome = await vscode.commands.executeCommand<{ id: string }>(COMMANDS.recordOutcome, {
        task,
        agentId: 'data-engineer',
        success: true,
        result: 'pool sized to cores',
      });
      assert.ok(outcome, 'recorded through the gate');
      assert.ok(
        api.security.audit.getRecentEvents(20).some((r) => r.operation === 'learning.record' && r.outcome === 'allowed'),
        'the command went through the gate',
      );
      await api.security.audit.flush();

      const stats = await cli(api, ['learning', 'stats', '--json']);
      assert.strictEqual(stats.code, 0, stats.err);
      assert.strictEqual(JSON.parse(stats.out).totalOutcomes, api.learning.outcomes.length);

      const mcp = await cli(
        api,
        ['mcp'],
        [
          rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'one-core-test', version: '1' } }),
          `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
          rpc(2, 'tools/call', { name: 'learning_stats', arguments: {} }),
        ].join(''),
      );
      const reply = mcp.out
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as { id?: number; result?: { structuredContent?: { totalOutcomes: number } } })
        .find((m) => m.id === 2);
      assert.strictEqual(reply?.result?.structuredContent?.totalOutcomes, api.learning.outcomes.length, mcp.err);

      const verified = await cli(api, ['audit', 'verify', '--json']);
      assert.strictEqual(verified.code, 0, verified.err);
      assert.ok(JSON.parse(verified.out).records >= api.security.audit.head.seq, 'the CLI verifies the chain VS Code writes');
    });

    test('big-three search answers from the index in the shared data folder, its whole output written before it exits', async () => {
      const indexed = await cli(api, ['index', workspaceRoot(), '--json']);
      assert.strictEqual(indexed.code, 0, indexed.err);
      // A search ends the process itself once its output is flushed (launcher.ts): a long answer must arrive whole.
      const search = await cli(api, ['search', 'invoice total', '--limit', '100', '--json']);
      assert.strictEqual(search.code, 0, search.err);
      const answer = JSON.parse(search.out) as { results: Array<{ codePath: string }> };
      assert.ok(answer.results.length > 0, search.out.slice(0, 200));
      assert.ok(answer.results.every((r) => typeof r.codePath === 'string'));
      const text = await cli(api, ['search', 'invoice total', '--limit', '100']);
      assert.strictEqual(text.code, 0, text.err);
      assert.strictEqual(text.out.split('\n').filter((l) => /^\S+:\d+-\d+ /.test(l)).length, answer.results.length, 'one line per result in text');
    });

    test('the CLI keeps the compiled code of its bundles in the data folder and reuses it; a reader that goes away ends it quietly', async () => {
      const cache = path.join(api.dataDirs.user, 'cache', 'compile', 'cli-search.v8');
      fs.rmSync(cache, { force: true });
      assert.strictEqual((await cli(api, ['search', 'invoice total', '--json'])).code, 0);
      const written = fs.statSync(cache);
      assert.ok(written.size > 10_000, 'the compiled code of cli-search.js is written after a search');
      const again = await cli(api, ['search', 'invoice total', '--json']);
      assert.strictEqual(again.code, 0, again.err);
      assert.strictEqual(fs.statSync(cache).mtimeMs, written.mtimeMs, 'reused, not written again');

      const main = path.join(vscode.extensions.getExtension('big-three.big-three')!.extensionPath, 'dist', 'cli.js');
      const child = spawn(process.execPath, [main, 'experts', 'list', '--data-dir', api.dataDirs.user], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.strictEqual(code, 141, err);
      assert.ok(!/EPIPE|at /.test(err), `no stack trace: ${err}`);
    });

    test('activate() returns before the application is built; then every contributed command is the real one', async () => {
      const extension = vscode.extensions.getExtension<BigThreeExports>('big-three.big-three')!;
      assert.ok(extension.exports.ready instanceof Promise, 'activate() returned the application as a promise');
      assert.strictEqual(await extension.exports.ready, api, 'the same application every time');
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = Object.values(COMMANDS).filter((id) => !registered.has(id));
      assert.deepStrictEqual(missing, [], 'every contributed command is registered');
    });

    test('a command called while the application is built waits for it, then reaches the real command; a failed build answers with its error', async () => {
      const id = 'bigThree.test.deferredCommand';
      const early = new DeferredCommands([id]);
      const waiting = vscode.commands.executeCommand<string>(id, 'first');
      await new Promise((resolve) => setTimeout(resolve, 50));
      early.handOver();
      const real = vscode.commands.registerCommand(id, (word: string) => `real: ${word}`);
      early.release();
      try {
        assert.strictEqual(await waiting, 'real: first', 'the call made before the build reached the real command');
        assert.strictEqual(await vscode.commands.executeCommand<string>(id, 'second'), 'real: second');
      } finally {
        real.dispose();
      }
      const failing = new DeferredCommands([id]);
      const before = vscode.commands.executeCommand(id);
      failing.fail(new Error('the data folder is not writable'));
      try {
        await assert.rejects(Promise.resolve(before), /the data folder is not writable/, 'a waiting call gets the failure');
        await assert.rejects(Promise.resolve(vscode.commands.executeCommand(id)), /the data folder is not writable/, 'so does a later call');
      } finally {
        failing.dispose();
      }
      assert.ok(!(await vscode.commands.getCommands(true)).includes(id), 'disposed: no stand-in is left');
    });

    test('stand-ins: a registration that fails half-way, a deactivation during the build, a release without hand-over', async () => {
      const [done, broken] = ['bigThree.test.deferredDone', 'bigThree.test.deferredBroken'];
      const halfWay = new DeferredCommands([done, broken]);
      halfWay.handOver();
      const real = vscode.commands.registerCommand(done, () => 'works');
      halfWay.fail(new Error('registering the second feature threw'));
      try {
        assert.strictEqual(await vscode.commands.executeCommand<string>(done), 'works', 'the command registered before the failure is kept');
        await assert.rejects(
          Promise.resolve(vscode.commands.executeCommand(broken)),
          /registering the second feature threw/,
          'the one left out answers with the failure',
        );
      } finally {
        real.dispose();
        halfWay.dispose();
      }

      const closing = new DeferredCommands([done]);
      const waiting = vscode.commands.executeCommand(done);
      closing.dispose();
      assert.ok(closing.closed);
      await assert.rejects(Promise.resolve(waiting), /deactivated before it had started/, 'a waiting call does not hang');

      const early = new DeferredCommands([done]);
      const pending = vscode.commands.executeCommand(done);
      early.release();
      // Without the hand-over the stand-in would call itself for ever; now the call finds no command.
      await assert.rejects(Promise.resolve(pending), /not found|command/i);
      early.dispose();
    });
  });
}
