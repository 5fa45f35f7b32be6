// `big-three mcp`: a Model Context Protocol server on stdio. stdout carries only protocol messages;
// logs go to stderr.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { HeadlessServices } from '../headless-services';
import { registerMcpTools } from './mcp-tools';
import { DEFAULT_MAX_MCP_REQUEST_BYTES, RequestSizeLimit, oversizedResponse } from './mcp-request-limit';
import { checkJsonRpcLine, readableParamsError } from './json-rpc-line-check';
import { auditRefusal } from './mcp-audit';
import { redactedPrefix } from '../../orchestrator/security/redact';
import type { LoggerPort } from '../../orchestrator/ports';
import { exitWhenFlushed } from '../exit-when-flushed';

/** The SDK answers unknown tools and arguments that fail the schema itself; those refusals are audited too. */
function auditRefusalsBeforeTools(server: McpServer, services: HeadlessServices): void {
  const sdk = server as unknown as { createToolError?: (message: string) => unknown };
  const original = sdk.createToolError?.bind(server);
  if (!original) return;
  sdk.createToolError = (message: string) => {
    void auditRefusal(services, 'mcp.tool', `MCP tool call refused before it ran: ${redactedPrefix(message, 500)}`);
    return original(message);
  };
}

/**
 * The SDK looks a called tool up in a plain object, so `__proto__` or `constructor` found Object.prototype's
 * members and was answered "Tool __proto__ disabled" (red team of stop 37): the table gets no prototype, and
 * such a name is answered "not found" like any other unknown tool.
 */
function toolTableWithoutPrototype(server: McpServer): void {
  const tools = (server as unknown as { _registeredTools?: unknown })._registeredTools;
  if (tools && typeof tools === 'object') Object.setPrototypeOf(tools, null);
}

export const MCP_SERVER_NAME = 'big-three';

export async function serveMcp(services: HeadlessServices, version: string, maxRequestBytes = DEFAULT_MAX_MCP_REQUEST_BYTES): Promise<void> {
  const server = new McpServer({ name: MCP_SERVER_NAME, version }, { capabilities: { tools: {} } });
  registerMcpTools(server, services);
  toolTableWithoutPrototype(server);
  auditRefusalsBeforeTools(server, services);
  // Oversized requests are answered with a JSON-RPC error (and audited) instead of closing the transport;
  // an oversized notification is audited only (JSON-RPC answers no notification). A line that is not a
  // JSON-RPC message is answered with a parse or invalid-request error (the SDK would drop it unanswered).
  const input = process.stdin.pipe(
    new RequestSizeLimit(
      maxRequestBytes,
      (request) => {
        if (!request.notification) process.stdout.write(oversizedResponse(request, maxRequestBytes));
        void auditRefusal(services, 'mcp.request', `An MCP request of ${request.bytes} bytes was refused: over the ${maxRequestBytes}-byte limit.`);
      },
      (line) => {
        const verdict = checkJsonRpcLine(line.toString('utf8').replace(/\r?\n$/, ''));
        for (const reply of verdict.replies) process.stdout.write(reply);
        if (verdict.reason) void auditRefusal(services, 'mcp.request', `An MCP message was refused: ${verdict.reason}.`);
        return verdict.pass === undefined ? undefined : Buffer.from(`${verdict.pass}\n`, 'utf8');
      },
    ),
  );
  const transport = new StdioServerTransport(input, process.stdout);
  // Refusals held back as a flood (counted, written as one record later) are written as soon as the
  // client is gone, before the requests still running are waited for, and on a stop signal.
  const flushAudit = () => services.security.audit.flush().catch((error: unknown) => services.logger.error('could not write the audit log', error));
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // A client may send its requests and close its end at once: the requests it sent are answered first.
    input.on('end', () => {
      void flushAudit();
      void answered(transport).then(resolve);
    });
  });
  // Closed once, whether the client ends or a signal stops the server (or both, in either order).
  let closing: Promise<void> | undefined;
  const closeOnce = () => (closing ??= server.close().then(() => services.close()));
  const stopOnSignal = exitOnSignals(closeOnce, services.logger);
  try {
    await server.connect(transport);
    trackRequests(transport);
    await closed;
    await closeOnce();
  } finally {
    stopOnSignal.dispose();
  }
}

const STOP_SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGTERM', 15],
  ['SIGINT', 2],
  ['SIGHUP', 1],
];

/**
 * On SIGTERM, SIGINT or SIGHUP (a client stopping the server, as the SDK's client does when the server
 * does not exit at once): the server is closed, so the audit log gets every refusal held back and
 * learning what is in flight, then the process exits with 128 + the first signal's number once its
 * output is flushed. Further signals meanwhile are ignored (a second one must not cut a write short);
 * a close that hangs ends after 5 s.
 */
function exitOnSignals(close: () => Promise<void>, logger: LoggerPort): { dispose(): void } {
  let stopping = false;
  const handlers = STOP_SIGNALS.map(([signal, number]) => {
    const handler = () => {
      if (stopping) return;
      stopping = true;
      logger.warn(`big-three mcp: ${signal}; writing the audit log and stopping.`);
      const exit = () => exitWhenFlushed(128 + number);
      setTimeout(exit, 5_000).unref();
      close().then(exit, (error: unknown) => {
        logger.error('big-three mcp: stopping failed; the audit log may lack the last refusals', error);
        exit();
      });
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return { dispose: () => handlers.forEach(([signal, handler]) => process.off(signal, handler)) };
}
const inFlight = new WeakMap<StdioServerTransport, { ids: Set<unknown>; idle: Array<() => void>; answer: Array<() => void> }>();

/** Counts the requests the server has received and not yet answered (wraps the SDK's transport hooks); params errors read as sentences. */
function trackRequests(transport: StdioServerTransport): void {
  const state = { ids: new Set<unknown>(), idle: [] as Array<() => void>, answer: [] as Array<() => void> };
  inFlight.set(transport, state);
  const receive = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && 'id' in message) state.ids.add(message.id);
    receive?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(readableParamsError(message));
    if (('result' in message || 'error' in message) && 'id' in message) {
      state.ids.delete(message.id);
      for (const answered of state.answer) answered();
      if (!state.ids.size) for (const resolve of state.idle.splice(0)) resolve();
    }
  };
}

/**
 * Resolves once every request received so far has been answered, or after 30 s without an answer: a
 * queue of slow calls is waited for as long as answers keep coming (thirteenth red team: three of four
 * replies were lost under a 30 s limit on the whole wait, and a retry would record the outcomes twice).
 */
async function answered(transport: StdioServerTransport): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve)); // requests read just before the end are dispatched
  const state = inFlight.get(transport);
  if (!state?.ids.size) return;
  await new Promise<void>((resolve) => {
    let timer = setTimeout(resolve, 30_000);
    const progress = () => {
      clearTimeout(timer);
      timer = setTimeout(resolve, 30_000);
    };
    state.answer.push(progress);
    state.idle.push(() => {
      clearTimeout(timer);
      state.answer.splice(state.answer.indexOf(progress), 1);
      resolve();
    });
  });
}
