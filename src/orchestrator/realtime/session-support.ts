// Helpers of RealtimeSession: typed errors with hints for the usual setup mistakes, and closing a
// socket without waiting forever.
import type { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { BigThreeError } from '../errors';
import type { ClockPort } from '../ports';
import { RealtimeConnectionError, RealtimeProtocolError, RealtimeServerError } from './errors';

/** What the SDK's `error` listener receives: a server `error` event (with `error`) or a socket problem. */
export type SdkError = Error & { error?: { code?: string | null; type?: string; message?: string; param?: string | null; event_id?: string | null } };

export function classifySdkError(err: SdkError): BigThreeError {
  if (err.error) {
    const e = err.error;
    return new RealtimeServerError(e.code ?? e.type ?? 'error', e.message ?? err.message, e.param ?? undefined, e.event_id ?? undefined);
  }
  if (/parse/i.test(err.message)) return new RealtimeProtocolError(`Ignored a realtime server message that is not valid JSON (${err.message}).`);
  return new RealtimeConnectionError(`Realtime connection problem: ${err.message}`, err);
}

export function toTyped(error: unknown): BigThreeError {
  if (error instanceof BigThreeError) return error;
  return new RealtimeConnectionError(`Realtime connection failed: ${(error as Error)?.message ?? String(error)}`, error);
}

export function withHint(error: BigThreeError, where: string): BigThreeError {
  if (/\b401\b/.test(error.message))
    return new RealtimeConnectionError(`${where} refused the API key (401): check it with "Big Three: Set API Key" (OpenAI).`, error);
  if (/\b404\b/.test(error.message))
    return new RealtimeConnectionError(
      `${where} has no realtime endpoint at the configured path (404): check bigThree.realtime.baseUrl (it should end in /v1).`,
      error,
    );
  if (/ECONNREFUSED/.test(error.message))
    return new RealtimeConnectionError(`Nothing is listening at ${where} (connection refused): check bigThree.realtime.baseUrl.`, error);
  return error;
}

export async function closeSocket(rt: OpenAIRealtimeWS, clock: ClockPort): Promise<void> {
  if (rt.socket.readyState === rt.socket.CLOSED) return;
  await new Promise<void>((resolve) => {
    const timer = clock.setTimer(2_000, () => {
      rt.socket.terminate();
      resolve();
    });
    rt.socket.once('close', () => {
      timer.dispose();
      resolve();
    });
    if (rt.socket.readyState === rt.socket.CONNECTING) rt.socket.terminate();
    else rt.close();
  });
}
