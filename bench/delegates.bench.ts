// Delegate benchmark: what the Claude coder and the Gemini browser add on top of their SDKs, measured
// against the loopback fakes with the real security gate, audit log and files in a temp folder.
//   coder.msPerToolTurn        one read_file round trip through the whole loop (SDK stream + gate +
//                              audit + file read + tool_result), median over runs
//   coder.sdkMsPerTurn         the same HTTP/SSE traffic through the bare SDK (messages.stream), no loop
//   coder.overheadMsPerTurn    the difference: what the delegate itself costs per turn
//   coder.usPerStreamedEvent   one streamed text delta through the coder (SDK parse + typed event)
//   coder.sdkUsPerStreamedEvent  the same through the bare SDK with a text listener
//   gate.usPerRead             host.readFile alone (gate, audit record, read)
//   gemini.msPerActionTurn     one screenshot → action turn (genai SDK + audit + recording browser)
//   caching                    prompt tokens per coder turn over a 10-turn task (9 read_file turns and
//                              an answer), with and without prompt caching, as the strict fake charges
//                              them (tokens ≈ characters / 4; cache reads at 0.1×, writes at 1.25×)
//   node dist/bench/delegates.bench.js [turns] [runs]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { NodeCommandRunner } from '../src/adapters/node-command-runner';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { nodeRealPath } from '../src/adapters/node-real-path';
import { ExpertCatalog } from '../src/orchestrator/agents/expert-catalog';
import { ClaudeCoder, DEFAULT_CLAUDE_SETTINGS } from '../src/orchestrator/delegates/claude-coder';
import { GatedToolHost } from '../src/orchestrator/delegates/gated-tool-host';
import { DEFAULT_GEMINI_SETTINGS, GeminiBrowser } from '../src/orchestrator/delegates/gemini-browser';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import { createSecurityCore } from '../src/orchestrator/security/security-core';
import { AnthropicStep, startAnthropicFake } from '../test/fakes/anthropic-fake';
import { startGeminiComputerFake } from '../test/fakes/gemini-computer-fake';
import { RecordingBrowser } from '../test/fakes/recording-browser';
import { summarize } from './bench-stats';

const root = path.resolve(__dirname, '..', '..');
const TURNS = Number(process.argv[2] ?? 20);
const RUNS = Number(process.argv[3] ?? 9);
const KEY = 'sk-ant-bench-key';
const LOCAL = 'local:bench';

async function main(): Promise<void> {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bt-delegates-bench-')));
  const workspace = path.join(tmp, 'ws');
  fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'src', 'a.ts'), 'export const a = 1;\n'.repeat(200));
  const catalog = new ExpertCatalog(new NodeFileSystem(), silentLogger, [{ root: path.join(root, 'agentpool'), origin: 'builtin' }]);
  await catalog.reload();
  const security = await createSecurityCore({
    fs: new NodeFileSystem(),
    clock: systemClock,
    logger: silentLogger,
    realPath: nodeRealPath,
    dataDir: path.join(tmp, 'data'),
    localPrincipal: LOCAL,
    workspaceRoots: [workspace],
    expertTools: (id) => catalog.find(id)?.tools,
    settings: { autoApprove: { global: { read: true, edit: true, browser: true }, perExpert: {} }, rateLimits: { default: { perMinute: 1e9, burst: 1e9 }, operations: {} } },
  });
  const host = new GatedToolHost({ gate: security.gate, fs: new NodeFileSystem(), paths: () => security.paths(), workspaceRoot: () => workspace, commands: new NodeCommandRunner() });
  const expert = catalog.get('backend-architect');
  const actor = { principal: LOCAL, expertId: expert.id, taskId: 'bench' };
  const script = (): AnthropicStep[] => [...Array.from({ length: TURNS }, () => ({ toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' } }] })), { text: 'Done reading.' }];

  // The whole coder loop and the same traffic through the bare SDK (identical requests, recorded from
  // one coder run), interleaved so that drift hits both alike.
  const runCoder = async (steps: AnthropicStep[], maxTurns: number) => {
    const fake = await startAnthropicFake({ script: steps, apiKey: KEY, tick: false });
    const coder = new ClaudeCoder({ host, settings: () => ({ ...DEFAULT_CLAUDE_SETTINGS, baseUrl: fake.baseURL, maxRetries: 0, maxTurns }), apiKey: async () => KEY, logger: silentLogger });
    let events = 0;
    const start = process.hrtime.bigint();
    const result = await coder.run({ task: 'Read src/a.ts repeatedly', expert, actor, onEvent: () => events++ });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    await fake.close();
    if (!result.success) throw new Error(`unexpected coder result: ${result.summary.slice(0, 300)}`);
    return { ms, result, bodies: fake.requests.map((r) => r.body), frames: fake.frames, events };
  };
  const runSdk = async (steps: AnthropicStep[], bodies: Awaited<ReturnType<typeof runCoder>>['bodies']) => {
    const fake = await startAnthropicFake({ script: steps, apiKey: KEY, tick: false });
    const client = new Anthropic({ apiKey: KEY, baseURL: fake.baseURL, maxRetries: 0, logger: silentLogger });
    const start = process.hrtime.bigint();
    for (const body of bodies) {
      const stream = client.messages.stream({ model: body.model, max_tokens: body.max_tokens, system: body.system as Anthropic.TextBlockParam[] | string, messages: body.messages as MessageParam[], tools: body.tools as Anthropic.Tool[] });
      stream.on('text', () => undefined);
      await stream.finalMessage();
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    await fake.close();
    return { ms, frames: fake.frames };
  };
  const { bodies } = await runCoder(script(), TURNS + 1);
  const coderMs: number[] = [];
  const sdkMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const coderRun = await runCoder(script(), TURNS + 1);
    if (coderRun.result.turns !== TURNS + 1) throw new Error('the coder did not take every turn');
    coderMs.push(coderRun.ms / (TURNS + 1));
    sdkMs.push((await runSdk(script(), bodies)).ms / bodies.length);
  }

  // Per streamed event: one answer of many small text deltas, minus one of a few (the slope is the
  // cost of one SSE event: SDK parsing, our text event, the listener).
  const text = (frames: number): AnthropicStep[] => [{ text: 'abcdefghijkl'.repeat(frames) }];
  const LONG = 4000;
  const coderEventUs: number[] = [];
  const sdkEventUs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const long = await runCoder(text(LONG), 1);
    const short = await runCoder(text(10), 1);
    coderEventUs.push(((long.ms - short.ms) * 1000) / (long.frames - short.frames));
    const longSdk = await runSdk(text(LONG), long.bodies);
    const shortSdk = await runSdk(text(10), short.bodies);
    sdkEventUs.push(((longSdk.ms - shortSdk.ms) * 1000) / (longSdk.frames - shortSdk.frames));
  }

  // Prompt tokens per turn over a 10-turn task, with and without prompt caching.
  const tenTurns = (): AnthropicStep[] => [...Array.from({ length: 9 }, () => ({ toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' } }] })), { text: 'Read it nine times.' }];
  const caching: Record<string, unknown> = {};
  for (const promptCaching of [false, true]) {
    const fake = await startAnthropicFake({ script: tenTurns(), apiKey: KEY, tick: false });
    const coder = new ClaudeCoder({ host, settings: () => ({ ...DEFAULT_CLAUDE_SETTINGS, baseUrl: fake.baseURL, maxRetries: 0, promptCaching }), apiKey: async () => KEY, logger: silentLogger });
    const result = await coder.run({ task: 'Read src/a.ts nine times, then answer', expert, actor });
    await fake.close();
    if (!result.success || result.turns !== 10) throw new Error(`unexpected caching run: ${result.summary.slice(0, 200)}`);
    const perTurn = fake.requests.map((r) => r.usage!).map((u) => ({ sent: u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens, fullPrice: u.input_tokens, cacheWrite: u.cache_creation_input_tokens, cacheRead: u.cache_read_input_tokens }));
    const total = (k: keyof (typeof perTurn)[number]) => perTurn.reduce((sum, t) => sum + t[k], 0);
    const billedEquivalent = Math.round(total('fullPrice') + 1.25 * total('cacheWrite') + 0.1 * total('cacheRead'));
    caching[promptCaching ? 'withCaching' : 'withoutCaching'] = {
      turns: perTurn.length,
      tokensSentPerTurn: perTurn.map((t) => t.sent),
      fullPriceTokensPerTurn: perTurn.map((t) => t.fullPrice),
      cacheReadPerTurn: perTurn.map((t) => t.cacheRead),
      cacheWritePerTurn: perTurn.map((t) => t.cacheWrite),
      totals: { sent: total('sent'), fullPrice: total('fullPrice'), cacheWrite: total('cacheWrite'), cacheRead: total('cacheRead'), billedEquivalentTokens: billedEquivalent },
      meanBilledEquivalentPerTurn: Math.round(billedEquivalent / perTurn.length),
      usageShown: result.usage,
    };
  }

  // The gate alone.
  const readUs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = process.hrtime.bigint();
    await host.readFile(actor, 'src/a.ts');
    if (i >= 20) readUs.push(Number(process.hrtime.bigint() - start) / 1000);
  }

  // The Gemini browser loop with a recording browser.
  const geminiMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const fake = await startGeminiComputerFake({ apiKey: 'gemini-bench-key', script: [...Array.from({ length: TURNS }, () => ({ calls: [{ name: 'click', args: { x: 500, y: 500 } }] })), { text: 'Done.' }] });
    const browser = new GeminiBrowser({
      settings: () => ({ ...DEFAULT_GEMINI_SETTINGS, baseUrl: fake.baseURL, maxTurns: TURNS + 1 }),
      apiKey: async () => 'gemini-bench-key',
      launcher: async () => ({ browser: new RecordingBrowser() }),
      gate: security.gate,
      approval: { requestApproval: async () => true },
      logger: silentLogger,
    });
    const qa = { principal: LOCAL, expertId: 'qa-expert', taskId: 'bench-browser' };
    const start = process.hrtime.bigint();
    const result = await browser.run({ task: 'Click around', actor: qa });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.turns !== TURNS + 1 || !result.success) throw new Error(`unexpected browser result: ${result.summary}`);
    if (run > 0) geminiMs.push(ms / (TURNS + 1));
    await fake.close();
  }

  await security.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
  const coder = summarize(coderMs);
  const sdk = summarize(sdkMs);
  const output = {
    bench: 'delegates',
    machine: { cpus: os.cpus().length, node: process.version },
    turnsPerRun: TURNS + 1,
    runs: RUNS,
    coder: {
      msPerToolTurn: coder,
      sdkMsPerTurn: sdk,
      overheadMsPerTurn: Math.round((coder.median - sdk.median) * 100) / 100,
      usPerStreamedEvent: summarize(coderEventUs),
      sdkUsPerStreamedEvent: summarize(sdkEventUs),
    },
    gate: { usPerRead: summarize(readUs) },
    gemini: { msPerActionTurn: summarize(geminiMs) },
    caching,
  };
  const json = JSON.stringify(output, null, 2);
  process.stdout.write(`${json}\n`);
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'delegates.json'), `${json}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
