// The functions the realtime model may call: each has a name, a description, a JSON-schema
// `parameters` object and a handler run by the host. Arguments are parsed and checked against the
// schema before a handler sees them; whatever happens, the model gets a JSON output back (an
// `error` field when the call failed), so a bad call never stalls the conversation.
import type { z } from 'zod';
import type { ClockPort } from '../ports';
import { systemClock } from '../ports';
import { type ToolDefinition, ToolInputError, parseToolInput, toolJsonSchema } from '../tools/tool-definition';
import { ToolCallError, ToolRegistrationError } from './errors';

export interface JsonSchemaProperty {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  description?: string;
  enum?: readonly (string | number)[];
  items?: JsonSchemaProperty;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchemaProperty>;
  required?: readonly string[];
}

export interface ToolParameters {
  type: 'object';
  properties: Record<string, JsonSchemaProperty>;
  required?: readonly string[];
  additionalProperties?: boolean;
}

export interface RealtimeToolDefinition {
  name: string;
  description: string;
  parameters: ToolParameters;
}

export interface ToolCallContext {
  callId: string;
  /** Aborted when the session stops while the handler runs. */
  signal: AbortSignal;
}

export type ToolHandler = (args: Record<string, unknown>, context: ToolCallContext) => unknown;

export interface ToolExecution {
  name: string;
  callId: string;
  ok: boolean;
  /** The JSON text sent back as the function_call_output. */
  output: string;
  error?: ToolCallError;
  durationMs: number;
}

interface RegisteredTool extends RealtimeToolDefinition {
  handler: ToolHandler;
  timeoutMs: number;
  /** Checks the parsed JSON arguments (a shared definition's schema, else the JSON schema by hand). */
  check: (args: Record<string, unknown>) => Record<string, unknown>;
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_OUTPUT_CHARS = 60_000;

export class ToolRegistry {
  private readonly tools = new Map<string, RegisteredTool>();

  constructor(private readonly options: { clock?: ClockPort; defaultTimeoutMs?: number } = {}) {}

  registerTool(name: string, description: string, parameters: ToolParameters, handler: ToolHandler, options: { timeoutMs?: number } = {}): void {
    if (!NAME_PATTERN.test(name)) throw new ToolRegistrationError(`Tool name "${name}" is invalid: use 1–64 letters, digits, _ or -.`);
    if (this.tools.has(name)) throw new ToolRegistrationError(`A tool named "${name}" is already registered.`);
    if (!description.trim()) throw new ToolRegistrationError(`Tool "${name}" needs a description: the model chooses tools by it.`);
    if (!parameters || parameters.type !== 'object' || typeof parameters.properties !== 'object')
      throw new ToolRegistrationError(`Tool "${name}": parameters must be a JSON schema of type "object" with properties.`);
    for (const req of parameters.required ?? []) {
      if (!(req in parameters.properties)) throw new ToolRegistrationError(`Tool "${name}": required parameter "${req}" is not among its properties.`);
    }
    if (typeof handler !== 'function') throw new ToolRegistrationError(`Tool "${name}" needs a handler function.`);
    this.tools.set(name, {
      name,
      description,
      parameters,
      handler,
      timeoutMs: options.timeoutMs ?? this.options.defaultTimeoutMs ?? 30_000,
      check: (args) => checkArguments(args, parameters),
    });
  }

  /** Registers a tool defined once in ../tools/: its JSON Schema is sent to the model and its zod schema checks the arguments. */
  register<S extends z.ZodObject>(
    definition: ToolDefinition<S>,
    handler: (args: z.output<S>, context: ToolCallContext) => unknown,
    options: { timeoutMs?: number } = {},
  ): void {
    const parameters = toolJsonSchema(definition) as unknown as ToolParameters;
    this.registerTool(definition.name, definition.description, parameters, handler as ToolHandler, options);
    const tool = this.tools.get(definition.name)!;
    tool.check = (args) => {
      try {
        return parseToolInput(definition, args) as Record<string, unknown>;
      } catch (error) {
        throw error instanceof ToolInputError ? new Error(error.problems.join('; ')) : error;
      }
    };
  }

  unregisterTool(name: string): boolean {
    return this.tools.delete(name);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  /** Definitions in registration order, as sent in session.update. */
  definitions(): RealtimeToolDefinition[] {
    return [...this.tools.values()].map(({ name, description, parameters }) => ({ name, description, parameters }));
  }

  /** Runs one call; never throws: failures come back as `ok: false` with an `{error}` output. */
  async execute(name: string, rawArguments: string, context: ToolCallContext): Promise<ToolExecution> {
    const clock = this.options.clock ?? systemClock;
    const started = clock.now();
    const finish = (ok: boolean, value: unknown, error?: ToolCallError): ToolExecution => ({
      name,
      callId: context.callId,
      ok,
      output: serializeOutput(ok ? value : { error: error!.message }),
      durationMs: clock.now() - started,
      ...(error ? { error } : {}),
    });
    const tool = this.tools.get(name);
    if (!tool) {
      const known = [...this.tools.keys()].join(', ');
      return finish(false, undefined, new ToolCallError(name, `There is no tool named "${name}". Available tools: ${known || 'none'}.`, 'unknown-tool'));
    }
    let args: Record<string, unknown>;
    try {
      args = tool.check(parseJsonObject(rawArguments));
    } catch (error) {
      return finish(false, undefined, new ToolCallError(name, `Invalid arguments for ${name}: ${(error as Error).message}`, 'invalid-arguments'));
    }
    let timer: { dispose(): void } | undefined;
    try {
      const value = await Promise.race([
        Promise.resolve().then(() => tool.handler(args, context)),
        new Promise<never>((_, reject) => {
          timer = clock.setTimer(tool.timeoutMs, () =>
            reject(new ToolCallError(name, `${name} did not finish within ${Math.round(tool.timeoutMs / 1000)} s.`, 'timeout')),
          );
        }),
      ]);
      return finish(true, value ?? { ok: true });
    } catch (error) {
      const typed = error instanceof ToolCallError ? error : new ToolCallError(name, `${name} failed: ${(error as Error)?.message ?? String(error)}`, 'failed');
      return finish(false, undefined, typed);
    } finally {
      timer?.dispose();
    }
  }
}

function serializeOutput(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify({ result: value }) : (JSON.stringify(value) ?? '{"ok":true}');
  } catch (error) {
    text = JSON.stringify({ error: `the result could not be encoded as JSON: ${(error as Error).message}` });
  }
  if (text.length > MAX_OUTPUT_CHARS) text = JSON.stringify({ truncated: true, partial: text.slice(0, MAX_OUTPUT_CHARS - 200) });
  return text;
}

/** Parses the model's JSON arguments and checks them against the tool's schema. */
export function parseArguments(raw: string, schema: ToolParameters): Record<string, unknown> {
  return checkArguments(parseJsonObject(raw), schema);
}

function parseJsonObject(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = raw.trim() ? JSON.parse(raw) : {};
  } catch (error) {
    throw new Error(`arguments are not valid JSON (${(error as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('arguments must be a JSON object');
  return value as Record<string, unknown>;
}

function checkArguments(args: Record<string, unknown>, schema: ToolParameters): Record<string, unknown> {
  for (const req of schema.required ?? []) {
    if (args[req] === undefined || args[req] === null) throw new Error(`"${req}" is required`);
  }
  for (const [key, v] of Object.entries(args)) {
    const prop = schema.properties[key];
    if (!prop) {
      if (schema.additionalProperties === false) throw new Error(`unknown parameter "${key}"`);
      continue;
    }
    if (v === null || v === undefined) continue;
    checkValue(key, v, prop);
  }
  return args;
}

function checkValue(path: string, v: unknown, prop: JsonSchemaProperty): void {
  const fail = (what: string) => {
    throw new Error(`"${path}" ${what}`);
  };
  switch (prop.type) {
    case 'string':
      if (typeof v !== 'string') fail('must be a string');
      if (prop.maxLength !== undefined && (v as string).length > prop.maxLength) fail(`must be at most ${prop.maxLength} characters`);
      break;
    case 'number':
    case 'integer':
      if (typeof v !== 'number' || !Number.isFinite(v)) fail('must be a number');
      if (prop.type === 'integer' && !Number.isInteger(v)) fail('must be a whole number');
      if (prop.minimum !== undefined && (v as number) < prop.minimum) fail(`must be at least ${prop.minimum}`);
      if (prop.maximum !== undefined && (v as number) > prop.maximum) fail(`must be at most ${prop.maximum}`);
      break;
    case 'boolean':
      if (typeof v !== 'boolean') fail('must be true or false');
      break;
    case 'array':
      if (!Array.isArray(v)) fail('must be an array');
      if (prop.items) (v as unknown[]).forEach((item, i) => checkValue(`${path}[${i}]`, item, prop.items!));
      break;
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v)) fail('must be an object');
      for (const req of prop.required ?? []) if ((v as Record<string, unknown>)[req] === undefined) fail(`needs "${req}"`);
      for (const [k, sub] of Object.entries(prop.properties ?? {})) {
        const inner = (v as Record<string, unknown>)[k];
        if (inner !== undefined && inner !== null) checkValue(`${path}.${k}`, inner, sub);
      }
      break;
  }
  if (prop.enum && !prop.enum.includes(v as string | number)) fail(`must be one of ${prop.enum.join(', ')}`);
}
