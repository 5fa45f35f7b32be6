// Every line the MCP client sends is either a JSON-RPC message the SDK can read, or it is answered here
// with a JSON-RPC error. The SDK's stdio transport drops a line it cannot parse without a word, so a
// request with "params": null, "jsonrpc": "1.0", no method, trailing bytes after the JSON or a batch
// array was never answered and its client waited forever (robustness probe, stop 35). A byte order
// mark before a message is dropped and the message read; blank lines are skipped, as before.
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { TopLevelIdScanner } from './json-top-level-id';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;

type Id = string | number | null;

export interface LineVerdict {
  /** The line to hand to the SDK (without a byte order mark), when it is a JSON-RPC message. */
  pass?: string;
  /** JSON-RPC error responses to write back, each a line ending in "\n". */
  replies: string[];
  /** Why the line was refused, for the audit log. */
  reason?: string;
}

function reply(id: Id, code: number, message: string): string {
  return `${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`;
}

/** A JSON-RPC id the client can match: a string or a finite number; anything else is answered as null. */
function usableId(value: unknown): Id {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : null;
}

function idOf(value: unknown): Id {
  return value && typeof value === 'object' && !Array.isArray(value) ? usableId((value as { id?: unknown }).id) : null;
}

/** What the SDK's schema says is wrong with a message, in one line. */
function schemaProblem(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'a JSON-RPC message is a JSON object';
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') return '"jsonrpc" must be "2.0"';
  if ('method' in message && typeof message.method !== 'string') return '"method" must be a string';
  if ('params' in message && (typeof message.params !== 'object' || message.params === null || Array.isArray(message.params)))
    return '"params" must be an object when given';
  if ('id' in message && usableId(message.id) === null) return '"id" must be a string or a number';
  if (!('method' in message) && !('result' in message) && !('error' in message)) return 'a request needs a "method"';
  return 'it is not a JSON-RPC request, notification or response';
}

/** Checks one line of the client's input (without its line end). */
export function checkJsonRpcLine(raw: string): LineVerdict {
  const line = raw.replace(/^\uFEFF/, '');
  if (!line.trim()) return { replies: [] };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const scanner = new TopLevelIdScanner();
    scanner.push(Buffer.from(line, 'utf8'));
    const reason = `not valid JSON (${(error as Error).message})`;
    return { replies: [reply(scanner.id, PARSE_ERROR, `Parse error: the message is ${reason}; send one JSON-RPC message per line.`)], reason };
  }
  if (Array.isArray(value)) {
    const reason = 'a JSON-RPC batch (array)';
    const message = 'Invalid Request: batches are not supported (MCP 2025-06-18); send one JSON-RPC message per line.';
    const ids = value.map(idOf).filter((id): id is string | number => id !== null);
    return { replies: (ids.length ? ids : [null]).map((id) => reply(id, INVALID_REQUEST, message)), reason };
  }
  if (JSONRPCMessageSchema.safeParse(value).success) return { pass: line, replies: [] };
  const reason = schemaProblem(value);
  return { replies: [reply(idOf(value), INVALID_REQUEST, `Invalid Request: ${reason}.`)], reason };
}

export const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

/**
 * The SDK answers a request whose params fail its own schema (tools/call with "arguments": "text") with
 * -32603 internal error and the raw zod issue list as the message; that answer becomes -32602 invalid
 * params with one sentence per issue. Every other message is returned unchanged.
 */
export function readableParamsError<M>(message: M): M {
  const error = (message as { error?: { code?: unknown; message?: unknown } }).error;
  if (!error || error.code !== INTERNAL_ERROR || typeof error.message !== 'string' || !error.message.trimStart().startsWith('[')) return message;
  let issues: unknown;
  try {
    issues = JSON.parse(error.message);
  } catch {
    return message;
  }
  if (!Array.isArray(issues) || !issues.length) return message;
  const sentences: string[] = [];
  for (const issue of issues as Array<{ path?: unknown; message?: unknown }>) {
    if (!issue || typeof issue.message !== 'string' || !Array.isArray(issue.path)) return message;
    sentences.push(`${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return { ...message, error: { ...error, code: INVALID_PARAMS, message: `Invalid params: ${sentences.join('; ')}.` } };
}
