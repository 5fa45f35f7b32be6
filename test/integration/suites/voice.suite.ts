// The voice orchestrator inside a real VS Code: the fake Realtime server (and the fake Anthropic
// server for the Claude delegate) run in the extension host; the endpoints come from settings and the
// keys from the Set API Key command. A typed turn round-trips through the panel, and a spoken turn
// (espeak-ng WAV through the recorder command) becomes a delegate_to_claude call whose edit lands in
// a workspace file via WorkspaceEdit, audited and observed; a denied permission stops the edit.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import { REALTIME_AGENT_NAME } from '../../../src/orchestrator/realtime/realtime-event-bridge';
import { AnthropicFake, AnthropicStep, startAnthropicFake } from '../../fakes/anthropic-fake';
import { FakeReply, FakeTurn, RealtimeFake, startRealtimeFake } from '../../fakes/realtime-fake';
import { activateBigThree, screenshot, sleep, until, workspaceRoot } from '../helpers';
import { COMMANDS, VIEWS, focusCommand } from '../../../src/views/command-ids';

const OPENAI_KEY = 'sk-test-realtime';
const ANTHROPIC_KEY = 'sk-ant-test-key';
const SPOKEN = 'Claude, document the rounding of format cents.';
const OLD = '/** 123456 -> "1,234.56 EUR" */';
const NEW = '/** 123456 -> "1,234.56 EUR"; fractions are always two digits, never rounded. */';

function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What the fake model does: typed questions about the pool call pool_status; speech delegates to Claude. */
function script(turn: FakeTurn): FakeReply {
  if (turn.toolOutputs.length) {
    const out = JSON.parse(turn.toolOutputs[0]!.output) as { task_id?: string; live?: number };
    return { say: out.task_id ? `Claude is on it, task ${out.task_id}.` : `The pool has ${out.live ?? 0} live instances.` };
  }
  if (turn.audio)
    return {
      toolCalls: [
        {
          name: 'delegate_to_claude',
          arguments: { task: 'Document in src/format.js that formatCents never rounds the fraction', files: ['src/format.js'], expert_id: 'backend-architect' },
        },
      ],
    };
  if (turn.userText && /pool/i.test(turn.userText)) return { toolCalls: [{ name: 'pool_status', arguments: {} }] };
  if (turn.userText && /forbidden/i.test(turn.userText))
    return {
      toolCalls: [
        { name: 'delegate_to_claude', arguments: { task: 'Overwrite the format comment', files: ['src/format.js'], expert_id: 'backend-architect' } },
      ],
    };
  return { say: `You said: ${turn.userText ?? ''}` };
}

export function defineVoiceTests(): void {
  suite('Voice orchestrator in a real VS Code', () => {
    let api: BigThreeApi;
    let realtime: RealtimeFake;
    let anthropic: AnthropicFake | undefined;
    const config = () => vscode.workspace.getConfiguration();
    const settings: string[] = [];
    const set = async (key: string, value: unknown) => {
      settings.push(key);
      await config().update(key, value, vscode.ConfigurationTarget.Global);
    };
    const formatFile = () => path.join(workspaceRoot(), 'src', 'format.js');
    const assistantLines = () => api.voiceView.transcript.filter((l) => l.role === 'assistant' && l.final).map((l) => l.text);

    async function useAnthropic(steps: AnthropicStep[]): Promise<void> {
      await anthropic?.close();
      anthropic = await startAnthropicFake({ script: steps, apiKey: ANTHROPIC_KEY });
      await set('bigThree.claude.baseUrl', anthropic.baseURL);
    }

    suiteSetup(async () => {
      api = await activateBigThree();
      realtime = await startRealtimeFake({ expectKey: OPENAI_KEY, script, transcribe: () => SPOKEN });
      await set('bigThree.realtime.baseUrl', realtime.baseURL);
      await set('bigThree.realtime.turnDetection', 'none');
      await set('bigThree.claude.maxRetries', 0);
      await set('bigThree.autoApprove.read', true);
      await set('bigThree.autoApprove.edit', true);
      await vscode.commands.executeCommand(COMMANDS.setApiKey, 'openai', OPENAI_KEY);
      await vscode.commands.executeCommand(COMMANDS.setApiKey, 'anthropic', ANTHROPIC_KEY);
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand(COMMANDS.voiceStop);
      await realtime?.close();
      await anthropic?.close();
      for (const key of new Set(settings)) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand(COMMANDS.clearApiKey, 'openai');
      await vscode.commands.executeCommand(COMMANDS.clearApiKey, 'anthropic');
    });

    test('the Voice view opens and its script runs under the CSP', async () => {
      await vscode.commands.executeCommand('workbench.view.extension.bigThree');
      await vscode.commands.executeCommand(focusCommand(VIEWS.voice));
      await until('the voice webview to report ready', () => api.voiceView.isReady, 20_000);
      await until('the panel knows the OpenAI and Anthropic keys are stored', () => api.voiceView.keys?.openai && api.voiceView.keys.anthropic);
      assert.strictEqual(api.voiceView.rejectedMessages, 0);
    });

    test('a typed request round-trips through the realtime server, with the tool call in the activity feed', async () => {
      const state = await vscode.commands.executeCommand<string>(COMMANDS.voiceStart);
      assert.strictEqual(state, 'ready', api.voiceView.feed.join('\n'));
      const sent = await vscode.commands.executeCommand<boolean>(COMMANDS.voiceSendText, 'How busy is the agent pool?');
      assert.strictEqual(sent, true);
      const answer = await until('the spoken answer', () => assistantLines().find((t) => /live instances/.test(t)));
      assert.match(answer, /^The pool has \d+ live instances\.$/);
      assert.ok(api.voiceView.transcript.some((l) => l.role === 'user' && l.text === 'How busy is the agent pool?'));
      assert.ok(
        api.voiceView.feed.some((f) => f.startsWith('→ pool_status')),
        api.voiceView.feed.join('\n'),
      );
      assert.ok(realtime.log.some((e) => e.type === 'conversation.item.create' && (e.item as { type?: string }).type === 'function_call_output'));
      const events = api.workflow.observability.recentEvents({ agentName: REALTIME_AGENT_NAME });
      assert.ok(events.some((e) => e.hookType === 'tool_call' && e.payload.tool === 'pool_status'));
    });

    test('a spoken turn becomes delegate_to_claude and its edit lands via WorkspaceEdit, audited and observed', async function () {
      if (!hasProgram('espeak-ng') || !hasProgram('sox')) this.skip(); // scripts/setup-vscode.sh installs both
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-voice-'));
      const wav = path.join(dir, 'turn.wav');
      execFileSync('espeak-ng', ['-v', 'en-us', '-w', wav, SPOKEN]);
      await set('bigThree.voice.recorderCommand', `sox -D '${wav}' -t raw -r 24000 -c 1 -b 16 -e signed-integer -L -`);
      await useAnthropic([
        { toolUses: [{ name: 'read_file', input: { path: 'src/format.js' } }] },
        { toolUses: [{ name: 'edit_file', input: { path: 'src/format.js', old_text: OLD, new_text: NEW } }] },
        { text: 'Documented that the fraction is never rounded.' },
      ]);
      const auditBefore = api.security.audit.head.seq;
      const listening = await vscode.commands.executeCommand<boolean>(COMMANDS.voiceToggleTalk);
      assert.strictEqual(listening, true, api.voiceView.feed.join('\n'));
      const spoken = await until('the answer to the spoken turn', () => assistantLines().find((t) => t.startsWith('Claude is on it')), 20_000);
      const taskId = /task (\S+)\.$/.exec(spoken)?.[1];
      assert.ok(taskId, spoken);
      assert.ok(
        api.voiceView.transcript.some((l) => l.role === 'user' && l.text === SPOKEN),
        'the user transcript is shown',
      );
      assert.ok(realtime.audioTurns.at(-1)!.bytes > 24_000, 'about a second or more of speech reached the server');
      const task = await api.delegation.wait(taskId);
      assert.strictEqual(task.state, 'succeeded', task.error);
      const text = fs.readFileSync(formatFile(), 'utf8');
      assert.ok(text.includes(NEW) && !text.includes(OLD), 'the edit is on disk');
      await api.security.audit.flush();
      const write = api.security.audit.getRecentEvents(200).find((r) => r.seq > auditBefore && r.operation === 'file.write' && r.outcome === 'allowed');
      assert.ok(write, 'the write was audited');
      assert.strictEqual(write.details?.actingExpert, 'backend-architect');
      const voiceEvents = api.workflow.observability.recentEvents({ agentName: REALTIME_AGENT_NAME });
      assert.ok(voiceEvents.some((e) => e.hookType === 'tool_call' && e.payload.tool === 'delegate_to_claude'));
      const expertEvents = api.workflow.observability.recentEvents({ agentName: 'backend-architect' }).filter((e) => e.payload.taskId === taskId);
      assert.ok(expertEvents.some((e) => e.hookType === 'tool_call' && e.payload.tool === 'edit_file'));
      await until('the task line in the feed', () => api.voiceView.feed.some((f) => f.includes(taskId) && f.includes('succeeded')));
    });

    test('a denied permission stops the delegated edit and the panel shows the failure', async () => {
      const before = fs.readFileSync(formatFile(), 'utf8');
      await useAnthropic([
        { toolUses: [{ name: 'edit_file', input: { path: 'src/format.js', old_text: 'use strict', new_text: 'pwned' } }] },
        { text: 'I was not allowed to edit.' },
      ]);
      const policy = { id: 'voice-test-no-writes', subjects: [api.security.localPrincipal], block: ['file.write'] };
      await api.security.access.setPolicy(policy);
      try {
        const delegations = () => assistantLines().filter((t) => t.startsWith('Claude is on it'));
        const earlier = delegations().length;
        await vscode.commands.executeCommand(COMMANDS.voiceSendText, 'Do the forbidden edit');
        const spoken = await until('the delegation answer', () => delegations().length > earlier && delegations().at(-1));
        const taskId = /task (\S+)\.$/.exec(spoken)![1]!;
        const task = await api.delegation.wait(taskId);
        assert.strictEqual(task.state, 'failed');
        assert.strictEqual(fs.readFileSync(formatFile(), 'utf8'), before, 'the file is unchanged');
        await until('the failure in the feed', () => api.voiceView.feed.some((f) => f.includes(taskId) && /denied|failed/.test(f)));
      } finally {
        await api.security.access.removePolicy(policy.id);
      }
    });

    test('the panel mid-conversation: transcript of both sides, activity feed, usage (screenshot)', async () => {
      const views = (vscode.extensions.getExtension('big-three.big-three')!.packageJSON.contributes.views.bigThree as Array<{ id: string }>)
        .map((v) => v.id)
        .filter((id) => id !== VIEWS.voice);
      const hidden: string[] = [];
      for (const id of views) {
        try {
          await vscode.commands.executeCommand(`${id}.toggleVisibility`);
          hidden.push(id);
        } catch {
          // a view that cannot be hidden stays
        }
      }
      try {
        await vscode.commands.executeCommand(focusCommand(VIEWS.voice));
        await vscode.commands.executeCommand(COMMANDS.voiceSendText, 'Thanks, that is all.');
        await until('the last answer', () => assistantLines().includes('You said: Thanks, that is all.'));
        assert.ok(api.voiceView.transcript.filter((l) => l.role === 'user').length >= 3);
        assert.ok(api.voiceView.feed.length >= 5);
        await sleep(800);
        await screenshot('voice-panel');
      } finally {
        for (const id of hidden) await vscode.commands.executeCommand(`${id}.toggleVisibility`);
      }
    });
  });
}
