// Wires the voice orchestrator into VS Code: the Voice panel (webview view bigThree.voice), the
// realtime tools over the core, workspace search, the planner and the delegates, and the commands.
import * as vscode from 'vscode';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import type { EventSink } from '../../orchestrator/observability/event-types';
import type { Disposable } from '../../orchestrator/ports';
import { DelegationPort, SearchPort, ToolDepsSources, createOrchestratorToolDeps } from '../../orchestrator/realtime/orchestrator-tool-deps';
import { ToolRegistry } from '../../orchestrator/realtime/tool-registry';
import type { GateRequest } from '../../orchestrator/security/security-gate';
import type { TaskSpec, WorkflowPlan } from '../../orchestrator/workflow/plan-types';
import { loggerFor } from '../output-logger';
import type { KeyProvider, VoiceState } from './messages';
import { VoiceHost } from './voice-host';
import { VoiceViewProvider } from './voice-view';
import { COMMANDS, VIEWS, focusCommand } from '../command-ids';

/** A DelegationService, as far as the voice panel uses it. */
export interface VoiceDelegation extends DelegationPort {
  onDidChange?(
    listener: (change: {
      task: { taskId: string; kind: string; state: string; expertId: string; summary?: string; error?: string };
      event?: { type: string };
    }) => void,
  ): Disposable;
}

export interface VoiceDeps {
  core: AgentCore;
  /** The ExpertChooser every surface asks (select_expert ranks with it). */
  chooser: ToolDepsSources['chooser'];
  /** The security feature: the OpenAI key in SecretStorage, and the gate that authorizes code search. */
  security: {
    apiKeys: { get(provider: KeyProvider): Promise<string | undefined> };
    security: { readonly localPrincipal: string; gate: { enforce(request: GateRequest): Promise<unknown> } };
  };
  workflow: {
    planner: { createMultiTaskPlan(goal: string, tasks: readonly TaskSpec[], strategy: 'sequential' | 'parallel' | 'dag'): Promise<WorkflowPlan> };
    observability: EventSink;
  };
  /** The workspace index host (its service once built, or why there is none). */
  rag: { readonly current: SearchPort | undefined; readonly reason: string | undefined; rootFolder(): string | undefined };
  delegation: VoiceDelegation | undefined;
}

export interface VoiceFeature {
  voiceView: VoiceViewProvider;
  voice: VoiceHost;
  /** The voice model's tools: a getter that registers them on first use (keep it a getter when copying). */
  readonly voiceTools: ToolRegistry;
}

export function registerVoice(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, deps: VoiceDeps): VoiceFeature {
  const logger = loggerFor(log);
  const registry = new ToolRegistry({ defaultTimeoutMs: 60_000 });
  const { security } = deps.security;
  // The tools (their zod schemas) are registered with the first voice session, not at activation.
  let toolsRegistered = false;
  const withTools = (): ToolRegistry => {
    if (toolsRegistered) return registry;
    toolsRegistered = true;
    const { registerOrchestratorTools } =
      require('../../orchestrator/realtime/orchestrator-tools') as typeof import('../../orchestrator/realtime/orchestrator-tools');
    registerOrchestratorTools(
      registry,
      createOrchestratorToolDeps({
        chooser: deps.chooser,
        pool: deps.core.pool,
        planner: deps.workflow.planner,
        delegation: () => deps.delegation,
        search: () => ({ ...(deps.rag.current ? { port: deps.rag.current } : {}), ...(deps.rag.reason ? { why: deps.rag.reason } : {}) }),
        authorizeSearch: async (query) => {
          await security.gate.enforce({
            principal: security.localPrincipal,
            operation: 'code.search',
            resource: deps.rag.rootFolder() ?? '',
            detail: `Voice search_code: ${query.slice(0, 200)}`,
          });
        },
      }),
    );
    return registry;
  };
  const view = new VoiceViewProvider(context.extensionUri, log);
  const host = new VoiceHost({
    view,
    registry,
    openAiKey: () => deps.security.apiKeys.get('openai'),
    events: () => deps.workflow.observability,
    sessionId: () => vscode.env.sessionId,
    logger,
  });

  const start = (): Promise<VoiceState> => {
    withTools();
    return host.start();
  };

  // The panel says up front which keys are stored (never the keys): Start needs OpenAI's.
  const postKeys = async () => {
    const [openai, anthropic, gemini] = await Promise.all(
      (['openai', 'anthropic', 'gemini'] as const).map(async (p) => Boolean(await deps.security.apiKeys.get(p))),
    );
    view.post({ type: 'keys', openai, anthropic, gemini });
  };
  const refreshKeys = () => void postKeys().catch((error: unknown) => log.warn(`Voice panel: could not read which API keys are stored: ${String(error)}`));
  refreshKeys();

  const report = (error: unknown) => {
    const message = (error as Error)?.message ?? String(error);
    host.feed('error', message);
    return message;
  };
  const delegationSubscription: Disposable | undefined = deps.delegation?.onDidChange?.(({ task, event }) => {
    if (!event)
      host.feed(
        task.state === 'failed' ? 'error' : 'task',
        `${task.kind} ${task.taskId} (${task.expertId}): ${task.state}${task.state === 'failed' && task.error ? ` — ${task.error}` : task.summary && task.state === 'succeeded' ? ` — ${task.summary.slice(0, 300)}` : ''}`,
      );
    else if (event.type === 'tool_call' || event.type === 'tool_result' || event.type === 'safety' || event.type === 'error') {
      const line = describeDelegateEvent(event);
      if (line) host.feed(event.type === 'error' ? 'error' : 'task', `${task.taskId}: ${line}`);
    }
  });

  context.subscriptions.push(
    view,
    host,
    { dispose: () => delegationSubscription?.dispose() },
    vscode.window.registerWebviewViewProvider(VoiceViewProvider.viewId, view, { webviewOptions: { retainContextWhenHidden: true } }),
    context.secrets.onDidChange((e) => {
      if (e.key.startsWith('bigThree.apiKey.')) refreshKeys();
    }),
    view.onMessage((message) => {
      switch (message.type) {
        case 'ready':
          refreshKeys();
          return;
        case 'set-api-key':
          void vscode.commands.executeCommand(COMMANDS.setApiKey, message.provider).then(refreshKeys, report);
          return;
        case 'start':
          void start().catch(report);
          return;
        case 'stop':
          void host.stop().catch(report);
          return;
        case 'talk':
          void host.talk(message.pressed);
          return;
        case 'send-text':
          try {
            host.sendText(message.text);
          } catch (error) {
            report(error);
          }
          return;
        case 'playback-stopped':
          host.playbackStopped(message.itemId, message.playedMs);
          return;
        case 'playback-error':
          log.warn(`Voice panel audio playback: ${message.message}`);
          host.feed('error', `Audio playback failed (${message.message}); the transcript is still shown.`);
          return;
        default:
          return;
      }
    }),
    vscode.commands.registerCommand(COMMANDS.voiceStart, async (): Promise<VoiceState> => {
      await vscode.commands.executeCommand(focusCommand(VIEWS.voice));
      return start();
    }),
    vscode.commands.registerCommand(COMMANDS.voiceStop, (): Promise<VoiceState> => host.stop()),
    vscode.commands.registerCommand(COMMANDS.voiceToggleTalk, async (): Promise<boolean> => {
      await host.talk(!host.listening);
      return host.listening;
    }),
    vscode.commands.registerCommand(COMMANDS.voiceSendText, async (text?: string): Promise<boolean> => {
      const value =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({ title: 'Big Three: Send to the Voice Session', prompt: 'A request, as you would say it' });
      if (!value?.trim()) return false;
      try {
        host.sendText(value);
        return true;
      } catch (error) {
        void vscode.window.showErrorMessage(report(error));
        return false;
      }
    }),
  );
  return {
    voiceView: view,
    voice: host,
    get voiceTools() {
      return withTools();
    },
  };
}

function describeDelegateEvent(event: { type: string } & Record<string, unknown>): string | undefined {
  switch (event.type) {
    case 'tool_call':
      return `→ ${String(event.name)} ${JSON.stringify(event.input ?? {}).slice(0, 200)}`;
    case 'tool_result':
      return `${event.ok ? '✓' : event.denied ? '✗ denied' : '✗'} ${String(event.name)}${
        event.ok
          ? ''
          : `: ${String(event.output ?? '')
              .split('\n')[0]!
              .slice(0, 200)}`
      }`;
    case 'safety':
      return `${event.approved ? 'confirmed' : 'declined'} ${String(event.action)}`;
    case 'error':
      return String(event.message ?? 'error');
    default:
      return undefined;
  }
}
