// `big-three delegate claude` and `big-three voice --wav` end to end through runCli: the real SDKs
// against the strict loopback fakes, the same DelegationService, gate and audit as VS Code. With
// --yes nothing is prompted: what the auto-approve rules do not cover (here: editing) is refused.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import { AnthropicFake, startAnthropicFake } from '../../fakes/anthropic-fake';
import { RealtimeFake, startRealtimeFake, tonePcm16Base64 } from '../../fakes/realtime-fake';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const agents = path.join(repoRoot, 'agentpool');

function wavOf(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(24_000, 24);
  header.writeUInt32LE(48_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

describe('big-three delegate and voice (headless, strict fakes)', () => {
  let workspace: string;
  let dataDir: string;
  let anthropic: AnthropicFake | undefined;
  let realtime: RealtimeFake | undefined;
  const saved = { ...process.env };

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-cli-ws-'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-cli-data-'));
    fs.mkdirSync(path.join(workspace, 'src'));
    fs.writeFileSync(path.join(workspace, 'src', 'a.ts'), 'export const a = 1;\n');
    execFileSync('git', ['init', '-q'], { cwd: workspace });
  });
  afterEach(async () => {
    process.env = { ...saved };
    await anthropic?.close();
    await realtime?.close();
    anthropic = realtime = undefined;
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli([...args, '--agents', agents, '--workspace', workspace, '--data-dir', dataDir], {
      out: (t) => (out += `${t}\n`),
      err: (t) => (err += `${t}\n`),
    });
    return { code, out, err };
  };

  it('without a key, names the environment variable the CLI reads, not a VS Code command (review of stop 39)', async () => {
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.GEMINI_API_KEY;
    const claude = await cli('delegate', 'claude', 'add a README', '--yes');
    assert.notStrictEqual(claude.code, 0);
    assert.match(claude.err, /No Anthropic API key is set: set ANTHROPIC_API_KEY in the environment/);
    assert.doesNotMatch(claude.err, /Set API Key/);
    const browser = await cli('delegate', 'browser', 'open the pricing page', '--yes');
    assert.match(browser.err, /No Google Gemini API key is set: set GEMINI_API_KEY in the environment/);
  });

  it('delegate claude --yes: reads within the rules, the unapproved edit is refused through the gate, and says so', async () => {
    anthropic = await startAnthropicFake({
      script: [
        { toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' } }] },
        { toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'export const a = 1;', new_text: 'export const a = 2;' } }] },
        { text: 'I could not edit src/a.ts: the edit was refused.' },
      ],
    });
    process.env.ANTHROPIC_API_KEY = 'sk-ant-test-key';
    process.env.ANTHROPIC_BASE_URL = anthropic.baseURL;
    const { code, out, err } = await cli('delegate', 'claude', 'Set a to 2 in src/a.ts', '--expert', 'backend-architect', '--yes');
    assert.strictEqual(fs.readFileSync(path.join(workspace, 'src', 'a.ts'), 'utf8'), 'export const a = 1;\n', 'nothing was edited');
    assert.match(err, /→ read_file/);
    assert.match(err, /refused \(needs approval, --yes only covers auto-approved actions\)/);
    assert.match(out, /expert backend-architect/);
    assert.match(out, /needed approval and were refused/);
    assert.strictEqual(code, 1, out + err);
    assert.deepStrictEqual(anthropic.rejected, []);
    // The outcome is written before the command returns (it was recorded in the background, and a removal
    // of the data folder right after could race its write).
    const outcomes = (function find(dir: string): string[] {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? find(path.join(dir, e.name)) : e.name === 'outcomes.jsonl' ? [path.join(dir, e.name)] : []));
    })(dataDir);
    assert.ok(
      outcomes.some((f) => fs.readFileSync(f, 'utf8').includes('"backend-architect"')),
      `outcome written: ${outcomes.join(', ')}`,
    );
  });

  it('delegate: wrong usage is a usage error (exit 2)', async () => {
    assert.strictEqual((await cli('delegate', 'gpt', 'x')).code, 2);
    assert.strictEqual((await cli('delegate', 'browser', 'x', '--expert', 'qa-expert')).code, 2);
  });

  it('voice --wav: a recorded turn into the realtime session prints the transcript, the tool call and its result', async () => {
    realtime = await startRealtimeFake({
      transcribe: () => 'Which expert should write the Helm chart?',
      script: (turn) =>
        turn.toolOutputs.length
          ? { say: `The ${JSON.parse(turn.toolOutputs[0]!.output).experts?.[0]?.id ?? 'devops'} expert.` }
          : { toolCalls: [{ name: 'select_expert', arguments: { task: 'Write a Helm chart and deploy it to Kubernetes' } }] },
    });
    const wav = path.join(workspace, 'turn.wav');
    fs.writeFileSync(wav, wavOf(Buffer.concat([Buffer.from(tonePcm16Base64(800, 180), 'base64'), Buffer.alloc(48 * 50)])));
    process.env.OPENAI_API_KEY = 'sk-test';
    process.env.BIG_THREE_REALTIME_URL = realtime.baseURL;
    process.env.BIG_THREE_REALTIME_MODEL = 'gpt-realtime-test';
    const { code, out, err } = await cli('voice', '--wav', wav, '--timeout', '20');
    assert.strictEqual(code, 0, out + err);
    assert.match(out, /^You: Which expert should write the Helm chart\?$/m);
    assert.match(out, /^→ select_expert /m);
    assert.match(out, /^✓ select_expert: /m);
    assert.match(out, /^Assistant: The .+ expert\.$/m);
    assert.strictEqual(realtime.audioTurns.length, 1, 'one turn: ended by the server VAD on trailing silence, or committed if the VAD had not answered yet');
    assert.deepStrictEqual(realtime.rejected, []);
  });
});
