// The function-call loop of one connection: every `function_call` item the model produces is run
// through the ToolRegistry, its result goes back as a `function_call_output` item, and once the
// response is done and all of its calls have answered, one `response.create` lets the model speak
// about the results. A call that finishes after its connection was lost is handed to `orphaned`.
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { ToolExecution, ToolRegistry } from './tool-registry';

export interface FunctionCallItem {
  callId: string;
  name: string;
  arguments: string;
  responseId: string;
}

export interface FunctionCallHooks {
  send(event: RealtimeClientEvent): void;
  /** Asks for the next model response (the session defers it while another one is active). */
  requestResponse(): void;
  /** Fired just before the handler runs. */
  dispatched(call: FunctionCallItem): void;
  finished(call: FunctionCallItem, execution: ToolExecution): void;
  /** The connection this call belonged to is gone; the session decides how to deliver it. */
  orphaned(call: FunctionCallItem, execution: ToolExecution): void;
}

interface ResponseCalls {
  outstanding: number;
  calls: number;
  done: boolean;
  followUpSent: boolean;
}

export class FunctionCallLoop {
  private readonly responses = new Map<string, ResponseCalls>();
  private readonly seen = new Set<string>();
  private readonly abort = new AbortController();
  private detached = false;

  constructor(
    private readonly registry: ToolRegistry,
    private readonly hooks: FunctionCallHooks,
  ) {}

  /** How many calls are running now. */
  get running(): number {
    let n = 0;
    for (const r of this.responses.values()) n += r.outstanding;
    return n;
  }

  /** A function_call item is complete (from response.output_item.done or response.done). */
  dispatch(call: FunctionCallItem): void {
    if (this.detached || this.seen.has(call.callId)) return;
    this.seen.add(call.callId);
    const entry = this.entry(call.responseId);
    entry.calls++;
    entry.outstanding++;
    this.hooks.dispatched(call);
    void this.registry
      .execute(call.name, call.arguments, { callId: call.callId, signal: this.abort.signal })
      .then((execution) => this.complete(call, execution, entry));
  }

  responseDone(responseId: string): void {
    const entry = this.entry(responseId);
    entry.done = true;
    if (entry.calls === 0) this.responses.delete(responseId);
    else this.maybeFollowUp(entry, responseId);
  }

  /** The connection closed: running calls finish but their results go to `orphaned`. */
  detach(): void {
    this.detached = true;
  }

  /** The session stopped: handlers see their signal aborted. */
  cancel(): void {
    this.detached = true;
    this.abort.abort();
  }

  private complete(call: FunctionCallItem, execution: ToolExecution, entry: ResponseCalls): void {
    entry.outstanding--;
    this.hooks.finished(call, execution);
    if (this.detached) {
      this.hooks.orphaned(call, execution);
      return;
    }
    this.hooks.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.callId, output: execution.output } });
    this.maybeFollowUp(entry, call.responseId);
  }

  private maybeFollowUp(entry: ResponseCalls, responseId: string): void {
    if (this.detached || !entry.done || entry.outstanding > 0 || entry.calls === 0 || entry.followUpSent) return;
    entry.followUpSent = true;
    this.responses.delete(responseId);
    this.hooks.requestResponse();
  }

  private entry(responseId: string): ResponseCalls {
    let entry = this.responses.get(responseId);
    if (!entry) {
      entry = { outstanding: 0, calls: 0, done: false, followUpSent: false };
      this.responses.set(responseId, entry);
    }
    return entry;
  }
}

/** A call's result that finished after its connection was lost, given to the new session as a system message. */
export function orphanResultMessage(call: FunctionCallItem, execution: ToolExecution): RealtimeClientEvent {
  const text = `Result of the ${call.name} call made before the connection was re-established (call ${call.callId}): ${execution.output}`;
  return { type: 'conversation.item.create', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text }] } };
}
