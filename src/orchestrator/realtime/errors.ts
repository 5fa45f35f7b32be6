// Typed errors of the realtime voice orchestrator. Every message says what went wrong and, where it
// can, what the user can do about it; hosts show `message` as is.
import { BigThreeError } from '../errors';

/** A missing key, a bad endpoint or an invalid session setting: nothing was sent. */
export class RealtimeConfigError extends BigThreeError {
  override readonly name: string = 'RealtimeConfigError';
  constructor(message: string) {
    super(message, 'realtime-config');
  }
}

/** The connection could not be opened, was lost, or could not be re-established. */
export class RealtimeConnectionError extends BigThreeError {
  override readonly name: string = 'RealtimeConnectionError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message, 'realtime-connection');
  }
}

/** The server sent an `error` event (e.g. unknown_event, invalid_value, rate_limit_exceeded). */
export class RealtimeServerError extends BigThreeError {
  override readonly name: string = 'RealtimeServerError';
  constructor(
    readonly serverCode: string,
    message: string,
    readonly param?: string,
    readonly eventId?: string,
  ) {
    super(`The realtime server reported ${serverCode}: ${message}`, 'realtime-server');
  }
}

/** The server sent something that is not a valid realtime event; it was ignored. */
export class RealtimeProtocolError extends BigThreeError {
  override readonly name: string = 'RealtimeProtocolError';
  constructor(message: string) {
    super(message, 'realtime-protocol');
  }
}

/** An operation needs a live session, or the session is in the wrong state for it. */
export class RealtimeStateError extends BigThreeError {
  override readonly name: string = 'RealtimeStateError';
  constructor(message: string) {
    super(message, 'realtime-state');
  }
}

/** A tool the model called is unknown, got invalid arguments, failed or timed out. */
export class ToolCallError extends BigThreeError {
  override readonly name: string = 'ToolCallError';
  constructor(
    readonly toolName: string,
    message: string,
    readonly reason: 'unknown-tool' | 'invalid-arguments' | 'failed' | 'timeout',
  ) {
    super(message, 'realtime-tool');
  }
}

/** Registering a tool with a bad name, schema or a duplicate name. */
export class ToolRegistrationError extends BigThreeError {
  override readonly name: string = 'ToolRegistrationError';
  constructor(message: string) {
    super(message, 'realtime-tool-registration');
  }
}

/** No recorder program could be found or started, or it stopped with an error. */
export class AudioCaptureError extends BigThreeError {
  override readonly name: string = 'AudioCaptureError';
  constructor(
    message: string,
    readonly reason: 'not-installed' | 'failed' | 'bad-format',
  ) {
    super(message, 'audio-capture');
  }
}
