// A loopback fake of the Gemini Developer API subset that File Search uses, as @google/genai speaks it:
// fileSearchStores create/get/list/delete, resumable uploadToFileSearchStore (start, upload+finalize),
// upload operations polled until done, document delete, and models/*:generateContent with the
// fileSearch tool answering with groundingMetadata.groundingChunks[].retrievedContext.
// Retrieval here is plain word overlap per paragraph: enough to check the wiring, not a ranking model.
// Like the service it may answer 429 RESOURCE_EXHAUSTED (with retry-after) when `throttle` says so,
// and it records how many uploads were in flight at once (started, operation not yet done).
import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { schemaValidator } from './provider-schemas';

export interface FakeGeminiRequest {
  method: string;
  path: string;
  version?: string;
  apiKey?: string;
}

interface StoredDoc {
  name: string;
  displayName: string;
  text: string;
}

export interface FakeGemini {
  baseUrl: string;
  log: FakeGeminiRequest[];
  stores: Map<string, { displayName: string; docs: StoredDoc[] }>;
  /** Most uploads in flight at the same time. */
  maxInFlight: number;
  /** 429 answers sent. */
  throttled: number;
  close(): Promise<void>;
}

export interface FakeGeminiOptions {
  apiKey?: string;
  pollsUntilDone?: number;
  /** Called for every request with its method and path; a number answers 429 with that retry-after (seconds). */
  throttle?: (method: string, path: string) => number | undefined;
}

const rid = (n = 12) => crypto.randomBytes(n).toString('hex').slice(0, n);

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  let inFlight = 0;
  const counters = { maxInFlight: 0, throttled: 0 };
  const apiKey = options.apiKey ?? 'gk-test';
  const pollsUntilDone = options.pollsUntilDone ?? 2;
  const log: FakeGeminiRequest[] = [];
  const stores = new Map<string, { displayName: string; docs: StoredDoc[] }>();
  const uploads = new Map<string, { target: string; displayName: string; chunks: Buffer[] }>();
  const operations = new Map<string, { polls: number; documentName: string; apply: () => void; applied: boolean }>();

  const server = http.createServer(async (req, res) => {
    const body: Buffer[] = [];
    for await (const c of req) body.push(c as Buffer);
    const raw = Buffer.concat(body);
    const url = new URL(req.url ?? '/', 'http://x');
    const p = decodeURIComponent(url.pathname);
    const send = (status: number, obj?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(obj === undefined ? '' : JSON.stringify(obj));
    };
    const fail = (code: number, status: string, message: string) => send(code, { error: { code, message, status } });
    const m = /^\/(upload\/)?(v1beta|v1|v1alpha)\/(.*)$/.exec(p);
    log.push({
      method: req.method ?? '',
      path: p,
      ...(m?.[2] ? { version: m[2] } : {}),
      ...(typeof req.headers['x-goog-api-key'] === 'string' ? { apiKey: req.headers['x-goog-api-key'] } : {}),
    });
    if (!m && !url.searchParams.get('upload_id')) return fail(404, 'NOT_FOUND', `no route ${p}`);
    if (req.headers['x-goog-api-key'] !== apiKey) return fail(403, 'PERMISSION_DENIED', 'API key not valid. Please pass a valid API key.');
    const retryAfter = options.throttle?.(req.method ?? '', p);
    if (retryAfter !== undefined) {
      counters.throttled++;
      return send(
        429,
        { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } },
        { 'retry-after': String(retryAfter) },
      );
    }
    const rest = m?.[3] ?? '';
    const json = () => (raw.length ? JSON.parse(raw.toString()) : {}) as Record<string, any>;

    if ((m?.[1] || url.searchParams.get('upload_id')) && req.method === 'POST') {
      const command = String(req.headers['x-goog-upload-command'] ?? '').toLowerCase();
      if (command === 'start') {
        const target = /^(fileSearchStores\/[^:]+):uploadToFileSearchStore$/.exec(rest)?.[1];
        if (!target || !stores.has(target)) return fail(404, 'NOT_FOUND', `${target ?? rest} not found`);
        const id = rid(16);
        uploads.set(id, { target, displayName: String(json().displayName ?? 'doc'), chunks: [] });
        counters.maxInFlight = Math.max(counters.maxInFlight, ++inFlight);
        return send(200, undefined, {
          'x-goog-upload-url': `https://generativelanguage.googleapis.com/upload/${m![2]}/${rest}?upload_id=${id}&upload_protocol=resumable`,
          'x-goog-upload-status': 'active',
        });
      }
      const id = url.searchParams.get('upload_id') ?? '';
      const upload = uploads.get(id);
      if (!upload) return fail(404, 'NOT_FOUND', 'unknown upload_id');
      upload.chunks.push(raw);
      if (!command.includes('finalize')) return send(200, undefined, { 'x-goog-upload-status': 'active' });
      uploads.delete(id);
      const text = Buffer.concat(upload.chunks).toString('utf8');
      const documentName = `${upload.target}/documents/${rid(12)}`;
      const opName = `${upload.target}/upload/operations/${rid(12)}`;
      operations.set(opName, {
        polls: 0,
        documentName,
        applied: false,
        apply: () => stores.get(upload.target)?.docs.push({ name: documentName, displayName: upload.displayName, text }),
      });
      return send(200, { name: opName, done: false }, { 'x-goog-upload-status': 'final' });
    }
    if (rest === 'fileSearchStores' && req.method === 'POST') {
      const name = `fileSearchStores/${String(json().displayName ?? 'store')
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 27)}-${rid(12)}`;
      stores.set(name, { displayName: String(json().displayName ?? ''), docs: [] });
      return send(200, { name, displayName: json().displayName, createTime: new Date().toISOString() });
    }
    if (rest === 'fileSearchStores' && req.method === 'GET') {
      return send(200, {
        fileSearchStores: [...stores.entries()].map(([name, s]) => ({ name, displayName: s.displayName, activeDocumentsCount: String(s.docs.length) })),
      });
    }
    let mm = /^(fileSearchStores\/[^/:]+)$/.exec(rest);
    if (mm) {
      const store = stores.get(mm[1]!);
      if (!store) return fail(404, 'NOT_FOUND', `${mm[1]} not found`);
      if (req.method === 'GET') return send(200, { name: mm[1], displayName: store.displayName, activeDocumentsCount: String(store.docs.length) });
      if (req.method === 'DELETE') {
        stores.delete(mm[1]!);
        return send(200, {});
      }
    }
    mm = /^(fileSearchStores\/[^/]+)\/documents\/[^/]+$/.exec(rest);
    if (mm && req.method === 'DELETE') {
      const store = stores.get(mm[1]!);
      const before = store?.docs.length ?? 0;
      if (store) store.docs = store.docs.filter((d) => d.name !== rest);
      return store && store.docs.length < before ? send(200, {}) : fail(404, 'NOT_FOUND', `${rest} not found`);
    }
    const op = operations.get(rest);
    if (op && req.method === 'GET') {
      op.polls++;
      if (op.polls < pollsUntilDone) return send(200, { name: rest, done: false });
      if (!op.applied) {
        op.apply();
        op.applied = true;
        inFlight--;
      }
      return send(200, {
        name: rest,
        done: true,
        response: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.UploadToFileSearchStoreResponse', documentName: op.documentName },
      });
    }
    mm = /^models\/([^:]+):generateContent$/.exec(rest);
    if (mm && req.method === 'POST') {
      const request = json();
      const check = schemaValidator('gemini-generate-content').check(request);
      if (!check.ok) return fail(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${check.message}`);
      const question = ((request.contents ?? []) as Array<{ role?: string; parts?: Array<{ text?: string }> }>)
        .filter((c) => c.role !== 'model')
        .flatMap((c) => c.parts ?? [])
        .map((x) => x.text ?? '')
        .join(' ');
      const tool = ((request.tools ?? []) as Array<{ fileSearch?: { fileSearchStoreNames?: string[]; topK?: number } }>).find((t) => t.fileSearch)?.fileSearch;
      const base = { modelVersion: mm[1], responseId: rid(16), usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 12, totalTokenCount: 52 } };
      if (!tool)
        return send(200, {
          ...base,
          candidates: [{ content: { role: 'model', parts: [{ text: `Plan for: ${question.slice(0, 80)}` }] }, finishReason: 'STOP', index: 0 }],
        });
      const missing = (tool.fileSearchStoreNames ?? []).find((n) => !stores.has(n));
      if (missing) return fail(404, 'NOT_FOUND', `FileSearchStore ${missing} not found`);
      const words = new Set(question.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? []);
      const hits: Array<{ score: number; store: string; doc: StoredDoc; text: string }> = [];
      for (const name of tool.fileSearchStoreNames ?? []) {
        for (const doc of stores.get(name)!.docs) {
          for (const para of doc.text.split(/\n\s*\n/)) {
            const score = (para.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? []).filter((w) => words.has(w)).length;
            if (score) hits.push({ score, store: name, doc, text: para.trim() });
          }
        }
      }
      hits.sort((a, b) => b.score - a.score);
      const top = hits.slice(0, tool.topK ?? 3);
      const text = top.length ? `According to ${top[0]!.doc.displayName}: ${top[0]!.text.slice(0, 60)}` : 'Nothing in the store matches.';
      return send(200, {
        ...base,
        candidates: [
          {
            content: { role: 'model', parts: [{ text }] },
            finishReason: 'STOP',
            index: 0,
            groundingMetadata: top.length
              ? { groundingChunks: top.map((h) => ({ retrievedContext: { title: h.doc.displayName, text: h.text, fileSearchStore: h.store } })) }
              : {},
          },
        ],
      });
    }
    return fail(404, 'NOT_FOUND', `no route ${req.method} ${p}`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    log,
    stores,
    get maxInFlight() {
      return counters.maxInFlight;
    },
    get throttled() {
      return counters.throttled;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
