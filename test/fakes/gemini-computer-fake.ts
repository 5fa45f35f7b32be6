// A loopback fake of the Gemini API's generateContent with the computer use tool, for the REAL
// @google/genai SDK. Each request plays the next scripted step: model text plus function calls on the
// 0–999 grid (optionally with a safety_decision), a plain text answer, or an HTTP error in Google's
// envelope. It records every request body so tests can check the function responses (url, screenshot,
// safety_acknowledgement) the client sent back.
import * as http from 'http';
import { listenOnLoopback } from './loopback-server';

export type GeminiStep =
  | { text?: string; calls?: Array<{ name: string; args: Record<string, unknown> }> }
  | { httpError: { code: number; status: string; message: string } };

export interface GeminiRequestLog {
  path: string;
  version: string;
  model: string;
  headers: http.IncomingHttpHeaders;
  body: {
    contents: Array<{ role?: string; parts?: Array<Record<string, any>> }>;
    tools?: Array<Record<string, unknown>>;
  };
}

export interface GeminiComputerFake {
  baseURL: string;
  requests: GeminiRequestLog[];
  close(): Promise<void>;
}

export async function startGeminiComputerFake(options: { script: GeminiStep[]; apiKey?: string }): Promise<GeminiComputerFake> {
  const script = [...options.script];
  const expectKey = options.apiKey ?? 'gemini-test-key';
  const state: GeminiComputerFake = { baseURL: '', requests: [], close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(value));
    };
    const googleError = (code: number, status: string, message: string) => send(code, { error: { code, message, status } });
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
    const step: GeminiStep = script.shift() ?? { text: 'Done.' };
    if ('httpError' in step) return googleError(step.httpError.code, step.httpError.status, step.httpError.message);
    const parts: Array<Record<string, unknown>> = [];
    if (step.text) parts.push({ text: step.text });
    for (const call of step.calls ?? []) parts.push({ functionCall: { name: call.name, args: call.args } });
    send(200, {
      candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 400, candidatesTokenCount: 25, totalTokenCount: 425 },
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
export function functionResponsesOf(request: GeminiRequestLog): Array<{ name: string; response: Record<string, unknown>; parts?: Array<{ inlineData?: { mimeType: string; data: string } }> }> {
  const last = request.body.contents[request.body.contents.length - 1];
  return (last?.parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse);
}
