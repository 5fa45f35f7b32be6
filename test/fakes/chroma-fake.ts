// A loopback fake of the Chroma server's HTTP API (v2), as the `chromadb` 3.5 JS client speaks it for
// what ChromaVectorStore uses: heartbeat, version, pre-flight-checks (max_batch_size and base64
// embeddings), auth/identity, tenants and databases, collections (create / get_or_create / get /
// delete / list / count) and records (add, upsert, get, query, delete, count).
// State is in memory: tenants → databases → collections. Distances follow the collection's space
// (cosine = 1 − cos, l2 = squared euclidean, ip = 1 − dot), exact, ties by insertion order. Validation
// mirrors the real server where the client relies on it (unique names, one dimension per collection,
// scalar metadata, batch size). Every request is logged with its headers and JSON body; errors can be
// injected and requests can be held forever (to test timeouts). Filters (`where`) are not implemented
// and are refused, so a test cannot silently pass through them.
import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface ChromaFakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body?: any;
}

export type Space = 'cosine' | 'l2' | 'ip';

export interface FakeRecord {
  embedding: number[];
  metadata: Record<string, unknown> | null;
  document: string | null;
}

export interface FakeCollection {
  id: string;
  name: string;
  tenant: string;
  database: string;
  metadata: Record<string, unknown> | null;
  space: Space;
  dimension: number | null;
  records: Map<string, FakeRecord>;
}

export interface ChromaFakeOptions {
  /** Reported by pre-flight-checks; batches above it are refused (the client refuses them first). */
  maxBatchSize?: number;
  /** Whether the server says it accepts base64 float32 embeddings (real 1.x servers do). */
  base64?: boolean;
  /** Tenants and their databases besides default_tenant/default_database. */
  tenants?: Record<string, string[]>;
  /** Headers every request must carry (e.g. an x-chroma-token); 401 otherwise. */
  requireHeaders?: Record<string, string>;
  version?: string;
}

export interface ChromaFault {
  /** Matched against "METHOD /path". */
  route: RegExp;
  status: number;
  message?: string;
  /** How many requests fail (default 1). */
  times?: number;
}

export interface ChromaFake {
  host: string;
  port: number;
  url: string;
  log: ChromaFakeRequest[];
  /** tenant → database → collection name → collection */
  tenants: Map<string, Map<string, Map<string, FakeCollection>>>;
  collection(name: string, tenant?: string, database?: string): FakeCollection | undefined;
  fail(fault: ChromaFault): void;
  /** Requests whose "METHOD /path" matches are accepted and never answered. */
  hold(route: RegExp | undefined): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/;
const INCLUDE = new Set(['distances', 'documents', 'embeddings', 'metadatas', 'uris']);

function decodeEmbedding(value: unknown): number[] {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length % 4) throw new HttpError(400, 'InvalidArgumentError', 'base64 embedding is not a whole number of float32 values');
    const aligned = new Float32Array(bytes.length / 4);
    new Uint8Array(aligned.buffer).set(bytes);
    return Array.from(aligned);
  }
  if (Array.isArray(value) && value.every((x) => typeof x === 'number' && Number.isFinite(x))) return value as number[];
  throw new HttpError(400, 'InvalidArgumentError', 'an embedding must be a list of numbers or a base64 string');
}

function checkMetadata(metadata: unknown): Record<string, unknown> | null {
  if (metadata === null || metadata === undefined) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new HttpError(400, 'InvalidArgumentError', 'metadata must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata as Record<string, unknown>)) {
    if (key.startsWith('#') || key.startsWith('chroma:')) throw new HttpError(400, 'InvalidArgumentError', `metadata key ${key} is reserved`);
    if (value === null) continue;
    const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!scalar(value) && !(Array.isArray(value) && value.length && value.every(scalar)))
      throw new HttpError(400, 'InvalidArgumentError', `metadata value of ${key} must be a string, number or boolean, got ${JSON.stringify(value)}`);
    out[key] = value;
  }
  return Object.keys(out).length ? out : null;
}

function distance(space: Space, a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  let l2 = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
    l2 += (a[i]! - b[i]!) ** 2;
  }
  if (space === 'l2') return l2;
  if (space === 'ip') return 1 - dot;
  return 1 - dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
}

export async function startChromaFake(options: ChromaFakeOptions = {}): Promise<ChromaFake> {
  const maxBatchSize = options.maxBatchSize ?? 1000;
  const base64 = options.base64 ?? true;
  const log: ChromaFakeRequest[] = [];
  const faults: ChromaFault[] = [];
  let held: RegExp | undefined;
  const tenants = new Map<string, Map<string, Map<string, FakeCollection>>>();
  const addDatabase = (tenant: string, database: string) => {
    if (!tenants.has(tenant)) tenants.set(tenant, new Map());
    if (!tenants.get(tenant)!.has(database)) tenants.get(tenant)!.set(database, new Map());
  };
  addDatabase('default_tenant', 'default_database');
  for (const [tenant, databases] of Object.entries(options.tenants ?? {})) {
    if (!tenants.has(tenant)) tenants.set(tenant, new Map());
    for (const database of databases) addDatabase(tenant, database);
  }

  const databaseOf = (tenant: string, database: string) => {
    const t = tenants.get(tenant);
    if (!t) throw new HttpError(404, 'NotFoundError', `Tenant [${tenant}] not found`);
    const d = t.get(database);
    if (!d) throw new HttpError(404, 'NotFoundError', `Database [${database}] not found for tenant [${tenant}]`);
    return d;
  };
  const byId = (tenant: string, database: string, id: string) => {
    const found = [...databaseOf(tenant, database).values()].find((c) => c.id === id);
    if (!found) throw new HttpError(404, 'NotFoundError', `Collection [${id}] does not exist`);
    return found;
  };
  const describe = (c: FakeCollection) => ({
    id: c.id,
    name: c.name,
    tenant: c.tenant,
    database: c.database,
    metadata: c.metadata,
    dimension: c.dimension,
    log_position: 0,
    version: 0,
    configuration_json: {
      hnsw: { space: c.space, ef_construction: 100, ef_search: 100, max_neighbors: 16, resize_factor: 1.2, sync_threshold: 1000 },
      spann: null,
      embedding_function: null,
    },
    schema: null,
  });

  const write = (c: FakeCollection, body: any, mode: 'add' | 'upsert') => {
    const ids = body?.ids;
    if (!Array.isArray(ids) || !ids.length || !ids.every((id: unknown) => typeof id === 'string'))
      throw new HttpError(400, 'InvalidArgumentError', 'ids must be a non-empty list of strings');
    if (ids.length > maxBatchSize) throw new HttpError(400, 'InvalidArgumentError', `Cannot submit more than ${maxBatchSize} records at once`);
    if (new Set(ids).size !== ids.length) throw new HttpError(400, 'InvalidArgumentError', 'Expected IDs to be unique');
    if (!Array.isArray(body.embeddings) || body.embeddings.length !== ids.length)
      throw new HttpError(400, 'InvalidArgumentError', 'embeddings must be given, one per id');
    for (const field of ['metadatas', 'documents']) {
      if (body[field] != null && (!Array.isArray(body[field]) || body[field].length !== ids.length))
        throw new HttpError(400, 'InvalidArgumentError', `${field} must have one entry per id`);
    }
    const embeddings = body.embeddings.map(decodeEmbedding);
    const metadatas = ids.map((_: string, i: number) => checkMetadata(body.metadatas?.[i]));
    for (const e of embeddings) {
      const dim = c.dimension ?? e.length;
      if (e.length !== dim) throw new HttpError(400, 'InvalidArgumentError', `Collection expecting embedding with dimension of ${dim}, got ${e.length}`);
    }
    c.dimension ??= embeddings[0]!.length;
    ids.forEach((id: string, i: number) => {
      if (mode === 'add' && c.records.has(id)) return; // add ignores existing ids, as the server does
      const document = body.documents?.[i];
      c.records.set(id, { embedding: embeddings[i]!, metadata: metadatas[i], document: typeof document === 'string' ? document : null });
    });
  };

  const refuseFilters = (body: any) => {
    if ((body?.where && Object.keys(body.where).length) || (body?.where_document && Object.keys(body.where_document).length))
      throw new HttpError(400, 'InvalidArgumentError', 'this fake does not implement where filters');
  };
  const includeOf = (body: any, fallback: string[]): string[] => {
    const include = body?.include ?? fallback;
    if (!Array.isArray(include) || !include.every((x) => INCLUDE.has(x)))
      throw new HttpError(400, 'InvalidArgumentError', `invalid include ${JSON.stringify(include)}`);
    return include;
  };
  const project = (c: FakeCollection, ids: string[], include: string[]) => ({
    ids,
    include,
    documents: include.includes('documents') ? ids.map((id) => c.records.get(id)!.document) : null,
    metadatas: include.includes('metadatas') ? ids.map((id) => c.records.get(id)!.metadata) : null,
    embeddings: include.includes('embeddings') ? ids.map((id) => c.records.get(id)!.embedding) : null,
    uris: include.includes('uris') ? ids.map(() => null) : null,
  });

  type Handler = (m: RegExpExecArray, body: any, query: URLSearchParams) => unknown;
  const P = '/api/v2';
  const TD = `${P}/tenants/([^/]+)/databases/([^/]+)`;
  const routes: Array<[string, RegExp, Handler]> = [
    ['GET', new RegExp(`^${P}/heartbeat$`), () => ({ 'nanosecond heartbeat': Date.now() * 1_000_000 })],
    ['GET', new RegExp(`^${P}/version$`), () => options.version ?? '1.0.20'],
    ['GET', new RegExp(`^${P}/healthcheck$`), () => ({ is_executor_ready: true, is_log_client_ready: true })],
    ['GET', new RegExp(`^${P}/pre-flight-checks$`), () => ({ max_batch_size: maxBatchSize, supports_base64_encoding: base64 })],
    ['GET', new RegExp(`^${P}/auth/identity$`), () => ({ user_id: '', tenant: 'default_tenant', databases: ['default_database'] })],
    [
      'POST',
      new RegExp(`^${P}/tenants$`),
      (_m, body) => {
        if (tenants.has(body?.name)) throw new HttpError(409, 'UniqueConstraintError', `Tenant [${body.name}] already exists`);
        tenants.set(String(body?.name), new Map());
        return {};
      },
    ],
    [
      'GET',
      new RegExp(`^${P}/tenants/([^/]+)$`),
      (m) => {
        if (!tenants.has(m[1]!)) throw new HttpError(404, 'NotFoundError', `Tenant [${m[1]}] not found`);
        return { name: m[1] };
      },
    ],
    [
      'GET',
      new RegExp(`^${P}/tenants/([^/]+)/databases$`),
      (m) => {
        const t = tenants.get(m[1]!);
        if (!t) throw new HttpError(404, 'NotFoundError', `Tenant [${m[1]}] not found`);
        return [...t.keys()].map((name) => ({ id: name, name, tenant: m[1] }));
      },
    ],
    [
      'POST',
      new RegExp(`^${P}/tenants/([^/]+)/databases$`),
      (m, body) => {
        if (!tenants.has(m[1]!)) throw new HttpError(404, 'NotFoundError', `Tenant [${m[1]}] not found`);
        addDatabase(m[1]!, String(body?.name));
        return {};
      },
    ],
    [
      'GET',
      new RegExp(`^${TD}$`),
      (m) => {
        databaseOf(m[1]!, m[2]!);
        return { id: m[2], name: m[2], tenant: m[1] };
      },
    ],
    ['GET', new RegExp(`^${TD}/collections_count$`), (m) => databaseOf(m[1]!, m[2]!).size],
    [
      'GET',
      new RegExp(`^${TD}/collections$`),
      (m, _b, q) =>
        [...databaseOf(m[1]!, m[2]!).values()].slice(Number(q.get('offset') ?? 0), Number(q.get('offset') ?? 0) + Number(q.get('limit') ?? 100)).map(describe),
    ],
    [
      'POST',
      new RegExp(`^${TD}/collections$`),
      (m, body) => {
        const db = databaseOf(m[1]!, m[2]!);
        const name = body?.name;
        if (typeof name !== 'string' || !NAME.test(name) || name.includes('..'))
          throw new HttpError(400, 'InvalidArgumentError', `Validation error: invalid collection name ${JSON.stringify(name)}`);
        const existing = db.get(name);
        if (existing) {
          if (!body.get_or_create) throw new HttpError(409, 'UniqueConstraintError', `Collection [${name}] already exists`);
          return describe(existing);
        }
        const metadata = checkMetadata(body.metadata);
        const config = body.configuration ?? {};
        const space = (config.hnsw?.space ?? config.spann?.space ?? metadata?.['hnsw:space'] ?? 'l2') as Space;
        if (!['cosine', 'l2', 'ip'].includes(space)) throw new HttpError(400, 'InvalidArgumentError', `unknown space ${space}`);
        const created: FakeCollection = { id: crypto.randomUUID(), name, tenant: m[1]!, database: m[2]!, metadata, space, dimension: null, records: new Map() };
        db.set(name, created);
        return describe(created);
      },
    ],
    [
      'GET',
      new RegExp(`^${TD}/collections/([^/]+)$`),
      (m) => {
        const c = databaseOf(m[1]!, m[2]!).get(m[3]!);
        if (!c) throw new HttpError(404, 'NotFoundError', `Collection [${m[3]}] does not exist`);
        return describe(c);
      },
    ],
    [
      'DELETE',
      new RegExp(`^${TD}/collections/([^/]+)$`),
      (m) => {
        if (!databaseOf(m[1]!, m[2]!).delete(m[3]!)) throw new HttpError(404, 'NotFoundError', `Collection [${m[3]}] does not exist`);
        return {};
      },
    ],
    ['GET', new RegExp(`^${TD}/collections/([^/]+)/count$`), (m) => byId(m[1]!, m[2]!, m[3]!).records.size],
    ['POST', new RegExp(`^${TD}/collections/([^/]+)/add$`), (m, body) => (write(byId(m[1]!, m[2]!, m[3]!), body, 'add'), {})],
    ['POST', new RegExp(`^${TD}/collections/([^/]+)/upsert$`), (m, body) => (write(byId(m[1]!, m[2]!, m[3]!), body, 'upsert'), {})],
    [
      'POST',
      new RegExp(`^${TD}/collections/([^/]+)/get$`),
      (m, body) => {
        const c = byId(m[1]!, m[2]!, m[3]!);
        refuseFilters(body);
        const include = includeOf(body, ['documents', 'metadatas']);
        if (include.includes('distances')) throw new HttpError(400, 'InvalidArgumentError', 'distances cannot be included in get');
        let ids = Array.isArray(body?.ids) ? (body.ids as string[]).filter((id) => c.records.has(id)) : [...c.records.keys()];
        const offset = Number(body?.offset ?? 0);
        ids = ids.slice(offset, body?.limit == null ? undefined : offset + Number(body.limit));
        return project(c, ids, include);
      },
    ],
    [
      'POST',
      new RegExp(`^${TD}/collections/([^/]+)/query$`),
      (m, body) => {
        const c = byId(m[1]!, m[2]!, m[3]!);
        refuseFilters(body);
        const include = includeOf(body, ['metadatas', 'documents', 'distances']);
        const n = Number(body?.n_results ?? 10);
        if (!Number.isInteger(n) || n <= 0) throw new HttpError(400, 'InvalidArgumentError', 'n_results must be a positive integer');
        if (!Array.isArray(body?.query_embeddings)) throw new HttpError(400, 'InvalidArgumentError', 'query_embeddings must be given');
        const allowed = Array.isArray(body.ids) ? new Set(body.ids as string[]) : undefined;
        const out = {
          ids: [] as string[][],
          distances: [] as number[][],
          documents: [] as Array<Array<string | null>>,
          metadatas: [] as unknown[][],
          embeddings: [] as unknown[][],
          uris: [] as unknown[][],
          include,
        };
        for (const raw of body.query_embeddings) {
          const q = decodeEmbedding(raw);
          if (c.dimension !== null && q.length !== c.dimension)
            throw new HttpError(400, 'InvalidArgumentError', `Collection expecting embedding with dimension of ${c.dimension}, got ${q.length}`);
          const ranked = [...c.records.entries()]
            .filter(([id]) => !allowed || allowed.has(id))
            .map(([id, r], order) => ({ id, d: distance(c.space, q, r.embedding), order }))
            .sort((a, b) => a.d - b.d || a.order - b.order)
            .slice(0, n);
          const ids = ranked.map((r) => r.id);
          const p = project(c, ids, include);
          out.ids.push(ids);
          out.distances.push(ranked.map((r) => r.d));
          out.documents.push(p.documents ?? []);
          out.metadatas.push(p.metadatas ?? []);
          out.embeddings.push(p.embeddings ?? []);
          out.uris.push(p.uris ?? []);
        }
        return {
          ids: out.ids,
          include,
          distances: include.includes('distances') ? out.distances : null,
          documents: include.includes('documents') ? out.documents : null,
          metadatas: include.includes('metadatas') ? out.metadatas : null,
          embeddings: include.includes('embeddings') ? out.embeddings : null,
          uris: include.includes('uris') ? out.uris : null,
        };
      },
    ],
    [
      'POST',
      new RegExp(`^${TD}/collections/([^/]+)/delete$`),
      (m, body) => {
        const c = byId(m[1]!, m[2]!, m[3]!);
        refuseFilters(body);
        if (!Array.isArray(body?.ids)) throw new HttpError(400, 'InvalidArgumentError', 'delete needs ids (this fake does not implement where)');
        let deleted = 0;
        for (const id of body.ids as string[]) if (c.records.delete(id)) deleted++;
        return { deleted };
      },
    ],
  ];

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      log.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: raw });
      return send(400, { error: 'InvalidArgumentError', message: 'body is not JSON' });
    }
    const entry: ChromaFakeRequest = {
      method: req.method ?? '',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers,
      ...(body !== undefined ? { body } : {}),
    };
    log.push(entry);
    const line = `${entry.method} ${entry.path}`;
    if (held?.test(line)) return; // never answered
    const fault = faults.find((f) => f.route.test(line));
    if (fault) {
      if ((fault.times = (fault.times ?? 1) - 1) <= 0) faults.splice(faults.indexOf(fault), 1);
      return send(fault.status, {
        error: fault.status >= 500 ? 'InternalError' : 'InvalidArgumentError',
        message: fault.message ?? `injected failure ${fault.status}`,
      });
    }
    for (const [name, value] of Object.entries(options.requireHeaders ?? {})) {
      if (headers[name.toLowerCase()] !== value) return send(401, { error: 'AuthError', message: 'Unauthorized' });
    }
    for (const [method, pattern, handler] of routes) {
      const m = pattern.exec(entry.path);
      if (!m || method !== entry.method) continue;
      try {
        return send(200, handler(m, body, url.searchParams));
      } catch (error) {
        if (error instanceof HttpError) return send(error.status, { error: error.kind, message: error.message });
        return send(500, { error: 'InternalError', message: (error as Error).message });
      }
    }
    send(404, { error: 'NotFoundError', message: `no route ${line}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    tenants,
    collection: (name, tenant = 'default_tenant', database = 'default_database') => tenants.get(tenant)?.get(database)?.get(name),
    fail: (fault) => faults.push({ ...fault }),
    hold: (route) => {
      held = route;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
