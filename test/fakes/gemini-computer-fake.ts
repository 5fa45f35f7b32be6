// A loopback fake of the Gemini API's generateContent with the computer use tool, for the REAL
// @google/genai SDK, at least as strict as the real service. Every body is validated against the
// schema generated from the SDK's types (unknown fields refused). Each function call carries an id
// and the first call part a thought signature; the next request must carry the model turn back
// unchanged (signatures included) and answer every call with a functionResponse of the same name
// and id, as Gemini 3 requires. Each request plays the next scripted step: text plus function calls
// on the 0–999 grid (optionally with a safety_decision), a MALFORMED_FUNCTION_CALL finish, or an
// HTTP error in Google's envelope (429/503 with retry-after and RetryInfo).
import * as http from 'http';
import { listenOnLoopback } from './loopback-server';
import { schemaValidator } from './provider-schemas';

export type GeminiStep =
  | { text?: string; calls?: Array<{ name: string; args: Record<string, unknown> }> }
  | { malformedFunctionCall: true }
  | { httpError: { code: number; status: string; message: string; retryAfterSeconds?: number } };

type Part = Record<string, any>;
type Content = { role?: string; parts?: Part[] };

export interface GeminiRequestLog {
  path: string;
  version: string;
  model: string;
  headers: http.IncomingHttpHeaders;
  body: { contents: Content[]; tools?: Array<Record<string, unknown>> };
}

export interface GeminiComputerFake {
  baseURL: string;
  requests: GeminiRequestLog[];
  /** 400 answers for requests the real API would refuse. */
  rejected: string[];
  close(): Promise<void>;
}

let sig = 0;

/** JSON with sorted keys: the SDK may reorder fields, which changes nothing. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The first rule about function calls the request breaks, given the model turns the fake sent. */
function functionCallViolation(contents: Content[], sent: Content[]): string | undefined {
  let seen = 0;
  for (let i = 0; i < contents.length; i++) {
    const turn = contents[i]!;
    if (turn.role !== 'model') continue;
    const original = sent[seen++];
    if (original && canonical(original.parts) !== canonical(turn.parts)) {
      const lost = (original.parts ?? []).some((p, j) => p.thoughtSignature && turn.parts?.[j]?.thoughtSignature !== p.thoughtSignature);
      return lost
        ? `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly (contents[${i}]).`
        : `contents[${i}]: the model turn must be sent back unchanged.`;
    }
    const calls = (turn.parts ?? []).filter((p) => p.functionCall).map((p) => p.functionCall as { name: string; id?: string });
    if (!calls.length) continue;
    const responses = (contents[i + 1]?.parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse as { name: string; id?: string });
    if (contents[i + 1] && responses.length !== calls.length)
      return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
    const unmatched = responses.find((r, j) => r.name !== calls[j]!.name || r.id !== calls[j]!.id);
    if (unmatched)
      return `contents[${i + 1}]: function response ${unmatched.name} (id ${unmatched.id ?? 'missing'}) does not answer function call ${calls[responses.indexOf(unmatched)]!.name} (id ${calls[responses.indexOf(unmatched)]!.id}).`;
  }
  return undefined;
}

export async function startGeminiComputerFake(options: { script: GeminiStep[]; apiKey?: string }): Promise<GeminiComputerFake> {
  const script = [...options.script];
  const expectKey = options.apiKey ?? 'gemini-test-key';
  const validator = schemaValidator('gemini-generate-content');
  const sentTurns: Content[] = [];
  const state: GeminiComputerFake = { baseURL: '', requests: [], rejected: [], close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(JSON.stringify(value));
    };
    const googleError = (code: number, status: string, message: string, details?: unknown[], headers: Record<string, string> = {}) => {
      if (code === 400) state.rejected.push(message);
      send(code, { error: { code, message, status, ...(details ? { details } : {}) } }, headers);
    };
    const match = (req.url ?? '').split('?')[0]!.match(/^\/(v1beta|v1|v1alpha)\/models\/([^:]+):generateContent$/);
    if (!match || req.method !== 'POST') return googleError(404, 'NOT_FOUND', `no route ${req.method} ${req.url}`);
    if (req.headers['x-goog-api-key'] !== expectKey) return googleError(403, 'PERMISSION_DENIED', 'API key not valid. Please pass a valid API key.');
    let body: GeminiRequestLog['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return googleError(400, 'INVALID_ARGUMENT', 'invalid JSON');
    }
    state.requests.push({ path: req.url ?? '', version: match[1]!, model: match[2]!, headers: req.headers, body });
    const check = validator.check(body);
    if (!check.ok)
      return googleError(
        400,
        'INVALID_ARGUMENT',
        `Invalid JSON payload received. ${check.message.replace(/must NOT have additional properties '([^']+)'/, 'Unknown name "$1": Cannot find field.')}`,
      );
    const problem = functionCallViolation(body.contents, sentTurns);
    if (problem) return googleError(400, 'INVALID_ARGUMENT', problem);

    const step: GeminiStep = script.shift() ?? { text: 'Done.' };
    if ('httpError' in step) {
      const e = step.httpError;
      const retry = e.retryAfterSeconds;
      return googleError(
        e.code,
        e.status,
        e.message,
        retry !== undefined ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retry}s` }] : undefined,
        retry !== undefined ? { 'retry-after': String(retry) } : {},
      );
    }
    const usageMetadata = { promptTokenCount: 400, candidatesTokenCount: 25, totalTokenCount: 425 };
    if ('malformedFunctionCall' in step) {
      return send(200, {
        candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: click(x=', index: 0 }],
        usageMetadata,
        modelVersion: match[2],
        responseId: `resp-${state.requests.length}`,
      });
    }
    const parts: Part[] = [];
    if (step.text) parts.push({ text: step.text });
    (step.calls ?? []).forEach((call, i) =>
      parts.push({
        functionCall: { id: `fc-${state.requests.length}-${i}`, name: call.name, args: call.args },
        ...(i === 0 ? { thoughtSignature: Buffer.from(`sig-${++sig}`).toString('base64') } : {}),
      }),
    );
    const content = { role: 'model', parts };
    sentTurns.push(JSON.parse(JSON.stringify(content)));
    send(200, {
      candidates: [{ content, finishReason: 'STOP', index: 0 }],
      usageMetadata,
      modelVersion: match[2],
      responseId: `resp-${state.requests.length}`,
    });
  });
  const listening = await listenOnLoopback(server);
  state.baseURL = listening.baseURL;
  state.close = listening.close;
  return state;
}

/** The function responses the client sent in the last user turn of a logged request. */
export function functionResponsesOf(
  request: GeminiRequestLog,
): Array<{ id?: string; name: string; response: Record<string, unknown>; parts?: Array<{ inlineData?: { mimeType: string; data: string } }> }> {
  const last = request.body.contents[request.body.contents.length - 1];
  return (last?.parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse);
}
