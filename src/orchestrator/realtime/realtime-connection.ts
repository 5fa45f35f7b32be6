// One connection of a RealtimeSession (realtime-session.ts): opens the SDK's socket, waits for the server
// to set up the session within the ready timeout, and runs the connection's function-call loop, whose
// results go out only while it is still the session's connection.
import type { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { BigThreeError } from '../errors';
import type { ClockPort, LoggerPort } from '../ports';
import { RealtimeConnectionError, RealtimeServerError } from './errors';
import { type FunctionCallItem, FunctionCallLoop } from './function-calls';
import type { RealtimeActivity } from './realtime-activity';
import { type RealtimeEndpoint, openRealtimeSocket, parseBaseUrl } from './realtime-transport';
import { type SdkError, withHint } from './session-support';
import type { ToolExecution, ToolRegistry } from './tool-registry';

export interface Connection {
  rt: OpenAIRealtimeWS;
  loop: FunctionCallLoop;
  ready: boolean;
  settle?: (error?: BigThreeError) => void;
}

/** What a connection reads from, asks of and reports to its session. */
export interface ConnectionHost {
  /** The session's options (read when used, as the session reads them). */
  readonly options: { readonly registry: ToolRegistry; readonly readyTimeoutMs?: number };
  readonly clock: ClockPort;
  readonly logger: LoggerPort;
  /** Whether the session is stopping (a tool result is then not delivered). */
  stopping(): boolean;
  /** The session's connection: a connection that is no longer it sends nothing more. */
  current(): Connection | undefined;
  setCurrent(conn: Connection | undefined): void;
  send(event: RealtimeClientEvent): void;
  requestResponse(): void;
  fire(activity: RealtimeActivity): void;
  /** A call that finished after its connection was lost: its result is sent once connected again. */
  orphaned(call: FunctionCallItem, execution: ToolExecution): void;
  onSdkError(conn: Connection, err: SdkError): void;
  onServerEvent(conn: Connection, event: unknown): void;
  onClosed(conn: Connection, code: number, reason: string): void;
}

/** Opens a connection, makes it the session's, and resolves once the server has set up the session. */
export async function connect(endpoint: RealtimeEndpoint, model: string, host: ConnectionHost): Promise<void> {
  const where = parseBaseUrl(endpoint.baseURL).url.host;
  const rt = openRealtimeSocket(endpoint, model);
  const conn: Connection = { rt, ready: false, loop: undefined as unknown as FunctionCallLoop };
  conn.loop = newLoop(conn, host);
  host.setCurrent(conn);
  await new Promise<void>((resolve, reject) => {
    const timer = host.clock.setTimer(host.options.readyTimeoutMs ?? 15_000, () =>
      conn.settle?.(
        new RealtimeConnectionError(
          `The realtime server at ${where} did not set up a session within ${Math.round((host.options.readyTimeoutMs ?? 15_000) / 1000)} s.`,
        ),
      ),
    );
    conn.settle = (error) => {
      conn.settle = undefined;
      timer.dispose();
      if (!error) {
        conn.ready = true;
        resolve();
        return;
      }
      if (host.current() === conn) host.setCurrent(undefined);
      conn.loop.cancel();
      rt.socket.terminate();
      reject(error instanceof RealtimeConnectionError || error instanceof RealtimeServerError ? withHint(error, where) : error);
    };
    rt.on('error', (err) => host.onSdkError(conn, err));
    rt.on('event', (event) => host.onServerEvent(conn, event));
    rt.socket.on('close', (code, reason) => host.onClosed(conn, code, reason.toString()));
  });
}

function newLoop(conn: Connection, host: ConnectionHost): FunctionCallLoop {
  return new FunctionCallLoop(host.options.registry, {
    send: (event) => host.current() === conn && host.send(event),
    requestResponse: () => host.current() === conn && host.requestResponse(),
    dispatched: (call) => host.fire({ kind: 'tool-call', name: call.name, callId: call.callId, arguments: call.arguments }),
    finished: (call, ex) => {
      if (!ex.ok) host.logger.warn(`Realtime tool ${call.name} failed: ${ex.error?.message}`);
      host.fire({
        kind: 'tool-result',
        name: call.name,
        callId: call.callId,
        ok: ex.ok,
        output: ex.output,
        durationMs: ex.durationMs,
        delivered: host.current() === conn && !host.stopping(),
        ...(ex.error ? { error: ex.error.message } : {}),
      });
    },
    orphaned: (call, execution) => host.orphaned(call, execution),
  });
}
