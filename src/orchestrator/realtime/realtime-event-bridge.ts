// Sends what a realtime session does to observability: session start/end (with token usage and
// cost), each tool call and its result, final transcript lines and every error.
import type { EventSink } from '../observability/event-types';
import type { Disposable, LoggerPort } from '../ports';
import type { RealtimeActivity } from './realtime-activity';
import type { UsageTotals } from './usage-meter';

export const REALTIME_AGENT_NAME = 'voice-orchestrator';

export interface RealtimeActivitySource {
  onActivity(listener: (activity: RealtimeActivity) => void): Disposable;
  readonly usage: UsageTotals;
  readonly sessionId: string;
}

const clip = (text: string, max = 500) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function bridgeRealtimeEvents(session: RealtimeActivitySource, sink: EventSink, hostSessionId: () => string, logger: LoggerPort): Disposable {
  let live = false;
  const send = (hookType: Parameters<EventSink['sendEvent']>[0]['hookType'], payload: Record<string, unknown>, summary?: string) => {
    try {
      sink.sendEvent({
        agentName: REALTIME_AGENT_NAME,
        hookType,
        sessionId: hostSessionId(),
        payload: { realtimeSession: session.sessionId, ...payload },
        ...(summary ? { summary } : {}),
      });
    } catch (error) {
      logger.warn(`Could not record a realtime event: ${(error as Error).message}`);
    }
  };
  return session.onActivity((a) => {
    switch (a.kind) {
      case 'state':
        if (a.state === 'ready' && !live) {
          live = true;
          send('agent_started', { state: a.state }, 'Voice session started');
        } else if ((a.state === 'stopped' || a.state === 'failed') && live) {
          live = false;
          const usage = session.usage;
          send(
            'agent_ended',
            { state: a.state, ...(a.detail ? { detail: a.detail } : {}), usage },
            `Voice session ${a.state}; ${usage.inputTokens + usage.outputTokens} tokens, about $${usage.cost.toFixed(4)}`,
          );
        }
        return;
      case 'tool-call':
        send('tool_call', { tool: a.name, callId: a.callId, arguments: clip(a.arguments, 2000) }, `Voice model called ${a.name}`);
        return;
      case 'tool-result':
        send(
          'tool_result',
          {
            tool: a.name,
            callId: a.callId,
            ok: a.ok,
            durationMs: a.durationMs,
            delivered: a.delivered,
            output: clip(a.output, 2000),
            ...(a.error ? { error: a.error } : {}),
          },
          `${a.name} ${a.ok ? 'answered' : `failed: ${clip(a.error ?? '', 120)}`}`,
        );
        return;
      case 'transcript':
        if (a.final && a.text.trim())
          send('message_sent', { role: a.role, text: clip(a.text, 2000) }, `${a.role === 'user' ? 'User' : 'Assistant'}: ${clip(a.text, 120)}`);
        return;
      case 'error':
        send('error_occurred', { code: a.error.code, message: a.error.message, fatal: a.fatal }, clip(a.error.message, 200));
        return;
      default:
        return;
    }
  });
}
