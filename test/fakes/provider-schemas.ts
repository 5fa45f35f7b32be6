// Validates what a client sends to a provider fake against the JSON schema generated from that
// provider's SDK types (test/fakes/schemas, made by scripts/generate-provider-schemas.js). A union
// of event types is split by its `type` constant so an error names the one event that is wrong.
// Every validation is counted per provider, for the conformance suites' report.
import Ajv, { ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';

export type ProviderSchema = 'openai-realtime-client-event' | 'anthropic-message-create' | 'gemini-generate-content';

interface JsonSchema {
  $ref?: string;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  const?: unknown;
  enum?: unknown[];
  $comment?: string;
}

export interface SchemaCheck {
  ok: boolean;
  /** e.g. "session.update: /session must NOT have additional property 'temperature'". */
  message: string;
}

const counts = new Map<ProviderSchema, number>();
const cache = new Map<ProviderSchema, SchemaValidator>();

/** Messages validated so far in this process, per provider schema. */
export function validatedCounts(): Record<string, number> {
  return Object.fromEntries(counts);
}

function schemaDir(): string {
  // Compiled tests run from out/test/fakes and bundled benchmarks from dist/bench; the JSON lives beside the sources.
  const candidates = [
    path.join(__dirname, 'schemas'),
    path.join(__dirname, '..', '..', '..', 'test', 'fakes', 'schemas'),
    path.join(__dirname, '..', '..', 'test', 'fakes', 'schemas'),
    path.join(process.cwd(), 'test', 'fakes', 'schemas'),
  ];
  for (const dir of candidates) {
    if (fs.existsSync(dir)) return dir;
  }
  throw new Error('test/fakes/schemas is missing: run npm run generate:schemas');
}

export class SchemaValidator {
  private readonly whole: ValidateFunction;
  private readonly byType = new Map<string, ValidateFunction>();
  /** Where the schema came from (SDK and version), from its $comment. */
  readonly source: string;

  constructor(private readonly name: ProviderSchema) {
    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir(), `${name}.schema.json`), 'utf8')) as JsonSchema;
    this.source = schema.$comment ?? name;
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addSchema(schema, 'root');
    this.whole = ajv.compile({ $ref: 'root' });
    let top: JsonSchema | undefined = schema;
    for (let hops = 0; top?.$ref && hops < 8; hops++) top = schema.definitions?.[top.$ref.replace('#/definitions/', '')];
    for (const member of top?.anyOf ?? []) {
      const def = member.$ref?.replace('#/definitions/', '');
      const typeConst = def ? schema.definitions?.[def]?.properties?.type : undefined;
      const value = typeConst?.const ?? (typeConst?.enum?.length === 1 ? typeConst.enum[0] : undefined);
      if (def && typeof value === 'string') this.byType.set(value, ajv.compile({ $ref: `root#/definitions/${def}` }));
    }
  }

  check(message: unknown): SchemaCheck {
    counts.set(this.name, (counts.get(this.name) ?? 0) + 1);
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    const validate = this.byType.size ? (typeof type === 'string' ? this.byType.get(type) : undefined) : this.whole;
    if (!validate)
      return { ok: false, message: `Invalid value: '${String(type)}'. Supported values are: ${[...this.byType.keys()].map((t) => `'${t}'`).join(', ')}.` };
    if (validate(message)) return { ok: true, message: '' };
    const e = validate.errors?.[0];
    const where = e?.instancePath || '/';
    const detail =
      e?.keyword === 'additionalProperties'
        ? `${e.message} '${(e.params as { additionalProperty: string }).additionalProperty}'`
        : (e?.message ?? 'is invalid');
    return { ok: false, message: `${typeof type === 'string' ? `${type}: ` : ''}${where} ${detail}` };
  }
}

export function schemaValidator(name: ProviderSchema): SchemaValidator {
  let v = cache.get(name);
  if (!v) cache.set(name, (v = new SchemaValidator(name)));
  return v;
}
