// A tool defined once: name, description and a zod schema of its input. Each surface derives what it needs:
// MCP registers the schema's shape, the realtime model and the Claude coder get its JSON Schema, and all of
// them validate the model's or client's input with the same schema (so the same limits apply everywhere).
// zod itself loads when a schema is first converted; the schemas' modules (tool-definitions.ts) load it
// when they are imported, which the hosts do on first use of the tools, not at startup.
import type { z } from 'zod';
import { InvalidArgumentError } from '../errors';

export interface ToolDefinition<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly description: string;
  readonly schema: S;
}

/** The JSON Schema of a tool's input, as sent to a model (an object schema; no $schema key). */
export interface ToolJsonSchema {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties?: unknown;
  [key: string]: unknown;
}

export function defineTool<S extends z.ZodObject>(name: string, description: string, schema: S): ToolDefinition<S> {
  return { name, description, schema };
}

export function toolJsonSchema(definition: ToolDefinition): ToolJsonSchema {
  // io: 'input' describes what a caller may send (fields with defaults are optional).
  const { toJSONSchema } = require('zod') as typeof import('zod');
  const { $schema: _dialect, ...schema } = toJSONSchema(definition.schema, { io: 'input' }) as ToolJsonSchema & { $schema?: string };
  return { ...schema, type: 'object', properties: schema.properties ?? {} };
}

/** Thrown when a caller's input does not fit the tool's schema; the message names each problem. */
export class ToolInputError extends InvalidArgumentError {
  override readonly name: string = 'ToolInputError';
  constructor(
    readonly tool: string,
    readonly problems: string[],
  ) {
    super(`Invalid input for ${tool}: ${problems.join('; ')}.`);
  }
}

/** Validates input against the tool's schema; throws ToolInputError with every problem. */
export function parseToolInput<S extends z.ZodObject>(definition: ToolDefinition<S>, input: unknown): z.output<S> {
  const parsed = definition.schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ToolInputError(definition.name, parsed.error.issues.map(describeIssue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `"${issue.path.map(String).join('.')}" ` : '';
  if (issue.code === 'unrecognized_keys') return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return `${where}is required`;
  return `${where}${issue.message.replace(/^Invalid input: /, '')}`;
}
