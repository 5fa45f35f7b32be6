// The Claude coder driving the REAL @anthropic-ai/sdk against a loopback fake: the tool loop through
// the security gate, experts without edit rights, denials, provider errors, cancellation, turn limit.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ExpertCatalog } from '../../../src/orchestrator/agents/expert-catalog';
import { DelegateCancelledError, DelegateConfigError, DelegateProviderError } from '../../../src/orchestrator/delegates/errors';
import { AnthropicFake, startAnthropicFake, systemText, toolResultsOf } from '../../fakes/anthropic-fake';
import { CoderFixture, autoApprove, loadCatalog, makeCoderFixture } from './delegate-fixture';

describe('Claude coder (real Anthropic SDK, loopback fake)', () => {
  let catalog: ExpertCatalog;
  let x: CoderFixture;
  let fake: AnthropicFake | undefined;

  before(async () => {
    catalog = await loadCatalog();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await x?.cleanup();
  });

  const file = () => path.join(x.f.workspace, 'src', 'a.ts');

  it('reads a file, edits it by exact replacement and finishes, all through the gate and audited', async () => {
    x = await makeCoderFixture(autoApprove(['read', 'edit']));
    fake = await startAnthropicFake({
      script: [
        { text: 'Let me look at the file.', toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' } }] },
        { toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'export const a = 1;', new_text: 'export const a = 2;' } }] },
        { text: 'Changed a from 1 to 2 in src/a.ts.' },
      ],
    });
    const retriever = {
      retrieveForTask: async () => ({
        codeContext: [{ codePath: 'src/a.ts', content: 'export const a = 1;', metadata: { startLine: 1, endLine: 1, language: 'typescript' } }],
        experienceContext: [{ record: { task: 'Bump a constant', outcome: 'success', approach: 'edit the literal' } }],
        recommendedApproach: 'Start from src/a.ts:1.',
      }),
    };
    const expert = catalog.get('backend-architect');
    const result = await x
      .coder(fake.baseURL, {}, { retriever })
      .run({ task: 'Set a to 2', expert, actor: x.actor(expert.id), onEvent: (e) => x.events.push(e) });

    assert.strictEqual(fs.readFileSync(file(), 'utf8'), 'export const a = 2;\n');
    assert.strictEqual(result.success, true);
    assert.strictEqual(result.summary, 'Changed a from 1 to 2 in src/a.ts.');
    assert.deepStrictEqual(result.changedFiles, ['src/a.ts']);
    assert.strictEqual(result.turns, 3);
    const charged = fake.requests.map((r) => r.usage!);
    assert.deepStrictEqual(result.usage, {
      inputTokens: charged.reduce((s, u) => s + u.input_tokens, 0),
      outputTokens: 90,
      cacheReadTokens: charged.reduce((s, u) => s + u.cache_read_input_tokens, 0),
      cacheCreationTokens: charged.reduce((s, u) => s + u.cache_creation_input_tokens, 0),
    });
    // What Claude was told: the expert's own prompt, the retrieved context, the tools it may use.
    const first = fake.requests[0]!.body;
    assert.ok(systemText(first).includes(expert.systemPrompt.trim().slice(0, 60)), 'the expert system prompt is used');
    assert.match(systemText(first), /Recommended approach: Start from src\/a\.ts:1\./);
    assert.match(systemText(first), /\[success\] Bump a constant/);
    assert.deepStrictEqual(
      first.tools!.map((t) => t.name),
      ['read_file', 'list_files', 'search_code', 'edit_file', 'create_file', 'run_command'],
    );
    // The tool results went back with the right ids, the read carrying the file's text.
    assert.strictEqual(toolResultsOf(fake.requests[1]!)[0]!.content, 'export const a = 1;\n');
    assert.match(toolResultsOf(fake.requests[2]!)[0]!.content, /^Edited src\/a\.ts/);
    // Progress streamed as typed events.
    const kinds = x.events.map((e) => e.type);
    assert.ok(kinds.includes('text') && kinds.includes('tool_call') && kinds.includes('tool_result'));
    // Both actions audited with the acting expert.
    const audit = await x.audit();
    const reads = audit.filter((r) => r.operation === 'file.read' && r.outcome === 'allowed');
    const writes = audit.filter((r) => r.operation === 'file.write' && r.outcome === 'allowed');
    assert.strictEqual(reads.length, 1);
    assert.strictEqual(writes.length, 1);
    assert.strictEqual(writes[0]!.details?.actingExpert, 'backend-architect');
    assert.strictEqual(writes[0]!.details?.approvedBy, 'auto-approve');
  });

  it('never offers edit or create tools to an expert without them, and refuses them if asked anyway', async () => {
    x = await makeCoderFixture(autoApprove(['read', 'edit']));
    fake = await startAnthropicFake({
      script: [
        { toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'export const a = 1;', new_text: 'pwned' } }] },
        { text: 'I could not edit.' },
      ],
    });
    const expert = catalog.get('code-reviewer');
    const result = await x.coder(fake.baseURL).run({ task: 'Review src/a.ts', expert, actor: x.actor(expert.id) });
    const offered = fake.requests[0]!.body.tools!.map((t) => t.name);
    assert.ok(!offered.includes('edit_file') && !offered.includes('create_file'), `offered: ${offered.join(', ')}`);
    assert.match(systemText(fake.requests[0]!.body), /You cannot change files/);
    assert.strictEqual(fs.readFileSync(file(), 'utf8'), 'export const a = 1;\n');
    const answer = toolResultsOf(fake.requests[1]!)[0]!;
    assert.strictEqual(answer.is_error, true);
    assert.match(answer.content, /not available to code-reviewer/);
    assert.strictEqual(result.success, false);
    assert.strictEqual(result.denied, 1);
  });

  it('stops an edit the user does not approve, tells Claude, and audits the refusal', async () => {
    x = await makeCoderFixture(autoApprove(['read']), false);
    fake = await startAnthropicFake({
      script: [
        { toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'export const a = 1;', new_text: 'export const a = 3;' } }] },
        { text: 'The edit was refused.' },
      ],
    });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL).run({ task: 'Set a to 3', expert, actor: x.actor(expert.id) });
    assert.strictEqual(fs.readFileSync(file(), 'utf8'), 'export const a = 1;\n');
    assert.strictEqual(x.f.approval.requests.length, 1, 'the user was asked once');
    assert.match(x.f.approval.requests[0]!.preview ?? '', /- export const a = 1;\n\+ export const a = 3;/);
    const answer = toolResultsOf(fake.requests[1]!)[0]!;
    assert.strictEqual(answer.is_error, true);
    assert.match(answer.content, /^Refused: .*not approved/);
    assert.strictEqual(result.success, false);
    assert.strictEqual(result.denied, 1);
    const denied = (await x.audit()).filter((r) => r.operation === 'file.write' && r.outcome === 'denied');
    assert.strictEqual(denied.length, 1);
    assert.strictEqual(denied[0]!.details?.code, 'approval-denied');
  });

  it('reports an edit whose text is not unique as a failure Claude can fix, not a denial', async () => {
    x = await makeCoderFixture(autoApprove(['read', 'edit']));
    fs.writeFileSync(file(), 'x = 1;\nx = 1;\n');
    fake = await startAnthropicFake({
      script: [{ toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'x = 1;', new_text: 'x = 2;' } }] }, { text: 'ok' }],
    });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL).run({ task: 't', expert, actor: x.actor(expert.id) });
    assert.match(toolResultsOf(fake.requests[1]!)[0]!.content, /^Failed: The text to replace occurs more than once/);
    assert.strictEqual(result.denied, 0);
    assert.strictEqual(fs.readFileSync(file(), 'utf8'), 'x = 1;\nx = 1;\n');
  });

  it('runs allow-listed commands and refuses denied ones through the command guard', async () => {
    x = await makeCoderFixture(autoApprove(['command']));
    fake = await startAnthropicFake({
      script: [
        {
          toolUses: [
            { name: 'run_command', input: { command: 'node --version' } },
            { name: 'run_command', input: { command: 'rm -rf src' } },
          ],
        },
        { text: 'done' },
      ],
    });
    const expert = catalog.get('backend-architect');
    await x.coder(fake.baseURL).run({ task: 'Check node', expert, actor: x.actor(expert.id) });
    const [ok, refused] = toolResultsOf(fake.requests[1]!);
    assert.match(ok!.content, /^exit code: 0\nv\d+\./);
    assert.strictEqual(refused!.is_error, true);
    assert.match(refused!.content, /deny rule "rm -rf"/);
    assert.ok(fs.existsSync(path.join(x.f.workspace, 'src', 'a.ts')));
    const audit = await x.audit();
    assert.ok(audit.some((r) => r.type === 'tool_executed' && r.outcome === 'success' && /exit code 0/.test(r.message)));
    assert.ok(audit.some((r) => r.type === 'security_violation' && r.operation === 'command.run'));
  });

  it('lists the workspace top level and a folder, hiding .git', async () => {
    x = await makeCoderFixture(autoApprove(['read']));
    fs.mkdirSync(path.join(x.f.workspace, '.git'));
    fake = await startAnthropicFake({
      script: [
        {
          toolUses: [
            { name: 'list_files', input: {} },
            { name: 'list_files', input: { path: 'src' } },
          ],
        },
        { text: 'ok' },
      ],
    });
    const expert = catalog.get('code-reviewer');
    await x.coder(fake.baseURL).run({ task: 'Look around', expert, actor: x.actor(expert.id) });
    const [top, src] = toolResultsOf(fake.requests[1]!);
    assert.strictEqual(top!.content, 'src/');
    assert.strictEqual(src!.content, 'a.ts');
    const listings = (await x.audit()).filter((r) => r.operation === 'file.list' && r.outcome === 'allowed' && r.details?.actingExpert === 'code-reviewer');
    assert.strictEqual(listings.length, 2, 'the top level and src/ were each listed through the gate');
  });

  it('surfaces 529 overloaded as a retryable provider error', async () => {
    x = await makeCoderFixture();
    fake = await startAnthropicFake({ script: [{ httpError: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }] });
    const expert = catalog.get('backend-architect');
    await assert.rejects(x.coder(fake.baseURL).run({ task: 't', expert, actor: x.actor(expert.id) }), (error: unknown) => {
      assert.ok(error instanceof DelegateProviderError);
      assert.strictEqual(error.status, 529);
      assert.strictEqual(error.retryable, true);
      assert.match(error.message, /Claude is overloaded right now/);
      return true;
    });
  });

  it('retries an overloaded answer with the SDK backoff when retries are allowed', async () => {
    x = await makeCoderFixture();
    fake = await startAnthropicFake({ script: [{ httpError: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }, { text: 'Fine now.' }] });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL, { maxRetries: 1 }).run({ task: 't', expert, actor: x.actor(expert.id) });
    assert.strictEqual(result.summary, 'Fine now.');
    assert.strictEqual(fake.requests.length, 2);
  });

  it('surfaces an error event in the middle of the stream', async () => {
    x = await makeCoderFixture();
    fake = await startAnthropicFake({ script: [{ streamError: { type: 'overloaded_error', message: 'Overloaded' } }] });
    const expert = catalog.get('backend-architect');
    await assert.rejects(
      x.coder(fake.baseURL).run({ task: 't', expert, actor: x.actor(expert.id) }),
      (error: unknown) => error instanceof DelegateProviderError && error.providerType === 'overloaded_error' && /in the stream/.test(error.message),
    );
  });

  it('surfaces a dropped connection and a malformed frame', async () => {
    x = await makeCoderFixture();
    fake = await startAnthropicFake({ script: [{ dropConnection: true }, { malformedFrame: true }] });
    const expert = catalog.get('backend-architect');
    const coder = x.coder(fake.baseURL);
    await assert.rejects(
      coder.run({ task: 't', expert, actor: x.actor(expert.id) }),
      (error: unknown) => error instanceof DelegateProviderError && error.retryable && /connection to Claude failed or dropped/.test(error.message),
    );
    await assert.rejects(
      coder.run({ task: 't', expert, actor: x.actor(expert.id) }),
      (error: unknown) => error instanceof DelegateProviderError && /Claude/.test(error.message),
    );
  });

  it('refuses a wrong key with a hint, and says so when no key is set', async () => {
    x = await makeCoderFixture();
    fake = await startAnthropicFake({ script: [], apiKey: 'another-key' });
    const expert = catalog.get('backend-architect');
    await assert.rejects(x.coder(fake.baseURL).run({ task: 't', expert, actor: x.actor(expert.id) }), /refused the API key \(401.*Set API Key/);
    await assert.rejects(x.coder(fake.baseURL, {}, { apiKey: undefined }).run({ task: 't', expert, actor: x.actor(expert.id) }), DelegateConfigError);
  });

  it('is cancelled by its AbortSignal while a turn is streaming', async () => {
    x = await makeCoderFixture();
    fake = await startAnthropicFake({ script: [{ hang: true }] });
    const expert = catalog.get('backend-architect');
    const controller = new AbortController();
    const running = x.coder(fake.baseURL).run({
      task: 't',
      expert,
      actor: x.actor(expert.id),
      signal: controller.signal,
      onEvent: (e) => e.type === 'turn' && setTimeout(() => controller.abort(), 50),
    });
    await assert.rejects(running, DelegateCancelledError);
    for (let i = 0; i < 50 && fake.abandoned === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(fake.abandoned, 1, 'the request was abandoned');
  });

  it('stops at the turn limit without claiming success', async () => {
    x = await makeCoderFixture(autoApprove(['read']));
    const read = { toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' } }] };
    fake = await startAnthropicFake({ script: [read, read, read] });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL, { maxTurns: 2 }).run({ task: 't', expert, actor: x.actor(expert.id) });
    assert.strictEqual(result.success, false);
    assert.strictEqual(result.turns, 2);
    assert.match(result.summary, /Stopped after 2 turns/);
    assert.strictEqual(fake.requests.length, 2);
  });
});
