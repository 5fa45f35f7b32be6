// Turns the text of one definition file into an ExpertDefinition, or into diagnostics that say
// exactly what is wrong with it. Never throws for bad input.
import { splitSubagentDescription } from './subagent-examples';
import type matter from 'gray-matter';
import {
  DefinitionDiagnostic,
  DefinitionOrigin,
  EXPERT_ID_PATTERN,
  EXPERT_TOOLS,
  ExpertDefinition,
  ExpertTier,
  ExpertTool,
  displayNameFromId,
  isExpertTool,
} from './expert-definition';
import { splitSections, withoutSection } from './markdown-sections';
import { claudeToolsToExpertTools, keywordsFromText } from './claude-subagent';

export const MAX_DEFINITION_BYTES = 256 * 1024;
const MAX_LIST_ITEMS = 200;
const MAX_PHRASE_LENGTH = 120;

export interface ParseResult {
  definition?: ExpertDefinition;
  diagnostics: DefinitionDiagnostic[];
}

/** Front matter that executes code (```---js```) is refused: definitions are untrusted input. */
const refuseCode = () => {
  throw new Error('front matter in a programming language is not allowed; use YAML');
};
const MATTER_OPTIONS = { engines: { js: refuseCode, javascript: refuseCode, coffee: refuseCode, coffeescript: refuseCode } };

export function decodeDefinitionBytes(file: string, bytes: Uint8Array): { text?: string; diagnostic?: DefinitionDiagnostic } {
  if (bytes.byteLength > MAX_DEFINITION_BYTES) {
    const size = (bytes.byteLength / 1024 / 1024).toFixed(1);
    return {
      diagnostic: { file, severity: 'error', message: `file is ${size} MB, over the ${MAX_DEFINITION_BYTES / 1024} KB limit for a definition; skipped` },
    };
  }
  if (bytes.includes(0)) {
    return { diagnostic: { file, severity: 'error', message: 'file is binary (contains NUL bytes), not a markdown definition; skipped' } };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return { diagnostic: { file, severity: 'error', message: 'file is not valid UTF-8 text; skipped' } };
  }
}

export function parseDefinition(file: string, text: string, origin: DefinitionOrigin): ParseResult {
  const diagnostics: DefinitionDiagnostic[] = [];
  const problem = (message: string, severity: DefinitionDiagnostic['severity'] = 'error', line?: number) =>
    diagnostics.push({ file, severity, message, ...(line !== undefined ? { line } : {}) });

  if (!/^---[^\S\r\n]*(?:\w+)?[^\S\r\n]*\r?\n/.test(text)) {
    problem('no front matter: a definition starts with a "---" line, YAML fields, and a closing "---" line');
    return { diagnostics };
  }
  // Without a closing "---" the whole file is read as front matter: the body is lost without a word.
  if (!/^---[^\S\r\n]*\r?$/m.test(text.slice(text.indexOf('\n') + 1))) {
    problem('front matter has no closing "---" line: the whole file is read as front matter and the body is empty', 'warning');
  }
  let parsed: Pick<matter.GrayMatterFile<string>, 'data' | 'content'>;
  try {
    // gray-matter (and its YAML parser) load with the first definition parsed, not with the host: a
    // host whose definitions all come from the cache (definition-cache.ts) never loads them.
    const parse = require('gray-matter') as typeof matter;
    parsed = parse(text, MATTER_OPTIONS);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    const line = mark?.line !== undefined ? mark.line + 1 : undefined;
    const simple = simpleSubagentFields(text);
    if (!simple) {
      problem(`front matter is not valid YAML: ${reason}`, 'error', line);
      return { diagnostics };
    }
    // Subagent files are often written by hand with a colon inside the description ("Owns the network: DNS,
    // VPN"), which YAML refuses; one field per line is unambiguous, so the file is read that way.
    problem(`front matter is not valid YAML (${reason}); read as one "field: value" per line`, 'warning', line);
    parsed = simple;
  }
  const data: unknown = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problem('front matter must be a YAML mapping of fields');
    return { diagnostics };
  }
  const fields = data as Record<string, unknown>;
  const definition =
    origin === 'claude' || looksLikeClaudeSubagent(fields)
      ? fromClaudeSubagent(fields, parsed.content, problem)
      : fromExpertFile(fields, parsed.content, problem);
  if (!definition || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { definition: { ...definition, origin, file }, diagnostics };
}

/**
 * A subagent's front matter read as `field: value` lines (the value is the rest of the line, colons and
 * all), for files that are not valid YAML: the description often holds a colon ("Use when: …") and
 * lines of its own (`<example>` blocks written out over several lines). A line that starts no field
 * continues the description (or is an item of a `tools:` list); any other field (Claude Code's
 * permissionMode, color, model …) is kept as text. Undefined unless it yields a name and a description.
 */
function simpleSubagentFields(text: string): Pick<matter.GrayMatterFile<string>, 'data' | 'content'> | undefined {
  const match = /^---[^\S\r\n]*\r?\n([\s\S]*?)\r?\n---[^\S\r\n]*(?:\r?\n|$)/.exec(text);
  // A Big Three expert file (tier, category, triggers…) is YAML: its errors are reported, not guessed around.
  if (!match || /^(?:tier|category|triggers|focus_areas|display_name):/m.test(match[1]!)) return undefined;
  const data = new Map<string, string | string[]>();
  let last: string | undefined;
  for (const line of match[1]!.split(/\r?\n/)) {
    const field = /^([A-Za-z_][\w-]*):(?:[^\S\r\n]+(.*)|[^\S\r\n]*)$/.exec(line);
    // In a description written over several lines, "user: …" or "Context: …" are its text, not fields.
    const continues = last === 'description' && !(field && KNOWN_FRONT_MATTER.has(field[1]!));
    if (field && !continues) {
      last = field[1]!;
      if (data.has(last)) return undefined; // the same field twice: which one is meant is unclear
      let value = (field[2] ?? '').trim();
      // As YAML reads them: a comment after the value is not part of it, and a list may be in brackets.
      if (last !== 'description') value = value.replace(/(?:^|\s+)#.*$/, '').replace(/^\[(.*)\]$/, '$1');
      data.set(last, value.replace(/^(["'])(.*)\1$/, '$2'));
      continue;
    }
    if (last === undefined) {
      if (!line.trim() || line.trimStart().startsWith('#')) continue;
      return undefined;
    }
    const item = /^\s*-\s+(.*)$/.exec(line);
    const current = data.get(last)!;
    if (last !== 'description' && item) data.set(last, [...(Array.isArray(current) ? current : current ? [current] : []), item[1]!.trim()]);
    else if (last === 'description') data.set(last, `${current as string}\n${line}`);
    else if (line.trim() && !line.trimStart().startsWith('#')) return undefined;
  }
  const description = data.get('description');
  if (typeof description === 'string') data.set('description', description.trim());
  return data.get('name') && data.get('description') ? { data: Object.fromEntries(data), content: text.slice(match[0].length) } : undefined;
}

/** Claude Code's subagent fields: after a description, a line starting with one of these starts a field; any other "word:" line is the description's. */
const KNOWN_FRONT_MATTER = new Set([
  'name',
  'description',
  'tools',
  'disallowedTools',
  'model',
  'color',
  'permissionMode',
  'skills',
  'hooks',
  'mcpServers',
  'memory',
  'maxTurns',
]);

type Report = (message: string, severity?: DefinitionDiagnostic['severity']) => void;

/**
 * A Claude Code subagent file (name, description, optional tools/model; no tier, category, triggers
 * or focus areas) in any expert folder is read as one, so a folder of subagents can be the pool.
 */
function looksLikeClaudeSubagent(fields: Record<string, unknown>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(fields, key);
  return has('name') && has('description') && !['tier', 'category', 'triggers', 'focus_areas'].some(has);
}
type Parsed = Omit<ExpertDefinition, 'origin' | 'file'>;

function fromExpertFile(fields: Record<string, unknown>, body: string, problem: Report): Parsed | undefined {
  const id = readId(fields, problem);
  const description = readText(fields, 'description', problem, 2000);
  const tier = readTier(fields, problem);
  const category = readText(fields, 'category', problem, 60);
  if (category !== undefined && !/^[a-z][a-z0-9-]*$/.test(category))
    problem(`"category" must be one lowercase word (letters, digits, dashes), got "${category}"`);
  const triggers = readPhrases(fields, 'triggers', problem);
  const focusAreas = readPhrases(fields, 'focus_areas', problem);
  if (triggers?.length === 0) problem('"triggers" is empty: the selector cannot match this expert by its words', 'warning');
  const tools = readTools(fields, problem);
  const model = readOptionalText(fields, 'model', problem);
  for (const key of Object.keys(fields)) {
    if (!['name', 'description', 'tier', 'category', 'triggers', 'focus_areas', 'tools', 'model', 'display_name'].includes(key)) {
      problem(`unknown field "${key}" ignored`, 'warning');
    }
  }
  const displayName = readOptionalText(fields, 'display_name', problem);
  const sections = readSections(body, problem);
  if (!id || !description || !tier || !category || !triggers || !focusAreas || !tools || !sections) return undefined;
  return {
    id,
    displayName: displayName ?? sections.title ?? displayNameFromId(id),
    description,
    tier,
    category,
    triggers,
    focusAreas,
    tools,
    ...(model ? { model } : {}),
    role: sections.role,
    systemPrompt: sections.systemPrompt,
    guidelines: sections.guidelines,
    ...(sections.examples.length ? { examples: sections.examples } : {}),
  };
}

function fromClaudeSubagent(fields: Record<string, unknown>, body: string, problem: Report): Parsed | undefined {
  const id = readId(fields, problem);
  // Claude Code sets no length; collections write <example> blocks into it, with line breaks as a literal
  // "\n" where the YAML leaves them so (plain and single-quoted strings): read as the line breaks they mean.
  const description = readText(fields, 'description', problem, 32_000)?.replace(/\\r\\n|\\n|\\r/g, '\n');
  const model = readOptionalText(fields, 'model', problem);
  let tools: ExpertTool[] = [...EXPERT_TOOLS];
  const toolsField = own(fields, 'tools');
  if (toolsField !== undefined) {
    const raw = typeof toolsField === 'string' ? toolsField.split(',') : Array.isArray(toolsField) ? toolsField : undefined;
    if (!raw || raw.some((t) => typeof t !== 'string')) {
      problem('"tools" must be a comma-separated string or a list of tool names');
      return undefined;
    }
    const mapped = claudeToolsToExpertTools(raw.map((t: string) => t.trim()).filter(Boolean));
    for (const unknown of mapped.unknown) problem(`Claude tool "${unknown}" has no Big Three equivalent; ignored`, 'warning');
    tools = mapped.tools;
  }
  // Claude Code runs a subagent without a body; here its description stands in for the system prompt.
  const prompt = body.trim();
  if (!prompt) problem("the body (the subagent's system prompt) is empty: its description is used as the prompt", 'warning');
  if (!id || !description) return undefined;
  // The users' requests in its <example> blocks are its example requests, and its triggers come from its
  // prose alone (not from the blocks' "assistant", "commentary" and the agent's own name). Reading the
  // description as the prose alone was tried and not kept (stop 37: beside the shipped experts, 0.65 -> 0.60
  // top-1 on a set of 40 such subagents; with the whole description kept, 0.645; alone 0.675 -> 0.69).
  const { summary, requests } = splitSubagentDescription(description);
  return {
    id,
    displayName: displayNameFromId(id),
    description,
    tier: 3,
    category: 'custom',
    triggers: keywordsFromText(`${id.replace(/-/g, ' ')} ${summary}`),
    focusAreas: [],
    tools,
    ...(model ? { model } : {}),
    role: description,
    systemPrompt: prompt || description,
    guidelines: '',
    ...(requests.length ? { examples: requests } : {}),
  };
}

function readId(fields: Record<string, unknown>, problem: Report): string | undefined {
  const id = readText(fields, 'name', problem, 64);
  if (id !== undefined && !EXPERT_ID_PATTERN.test(id)) {
    problem(`"name" must be a kebab-case id such as "api-designer", got "${id}"`);
    return undefined;
  }
  return id;
}

function readText(fields: Record<string, unknown>, key: string, problem: Report, maxLength: number): string | undefined {
  const value = own(fields, key);
  if (value === undefined || value === null) {
    problem(`missing required field "${key}"`);
    return undefined;
  }
  if (typeof value !== 'string' || !value.trim()) {
    problem(`"${key}" must be a non-empty string, got ${describe(value)}`);
    return undefined;
  }
  if (value.length > maxLength) {
    problem(`"${key}" is ${value.length} characters long, over the limit of ${maxLength}`);
    return undefined;
  }
  return value.trim();
}

function readOptionalText(fields: Record<string, unknown>, key: string, problem: Report): string | undefined {
  return own(fields, key) === undefined ? undefined : readText(fields, key, problem, 200);
}

function readTier(fields: Record<string, unknown>, problem: Report): ExpertTier | undefined {
  const tier = own(fields, 'tier');
  if (tier === undefined) {
    problem('missing required field "tier"');
    return undefined;
  }
  if (tier !== 1 && tier !== 2 && tier !== 3) {
    problem(`"tier" must be 1, 2 or 3, got ${describe(tier)}`);
    return undefined;
  }
  return tier;
}

function readPhrases(fields: Record<string, unknown>, key: string, problem: Report): string[] | undefined {
  const value = own(fields, key);
  if (value === undefined) {
    problem(`missing required field "${key}"`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    problem(`"${key}" must be a list of strings, got ${describe(value)}`);
    return undefined;
  }
  if (value.length > MAX_LIST_ITEMS) {
    problem(`"${key}" has ${value.length} entries, over the limit of ${MAX_LIST_ITEMS}`);
    return undefined;
  }
  const phrases: string[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      problem(`"${key}" entry ${index + 1} must be a string, got ${describe(item)}`);
      return undefined;
    }
    const phrase = String(item).trim().toLowerCase();
    if (!phrase || phrase.length > MAX_PHRASE_LENGTH) {
      problem(`"${key}" entry ${index + 1} must be 1 to ${MAX_PHRASE_LENGTH} characters long`);
      return undefined;
    }
    if (!phrases.includes(phrase)) phrases.push(phrase);
  }
  return phrases;
}

function readTools(fields: Record<string, unknown>, problem: Report): ExpertTool[] | undefined {
  const tools = readPhrases(fields, 'tools', problem);
  if (!tools) return undefined;
  const unknown = tools.filter((t) => !isExpertTool(t));
  if (unknown.length) {
    problem(`unknown tool${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')}; known tools are ${EXPERT_TOOLS.join(', ')}`);
    return undefined;
  }
  return tools as ExpertTool[];
}

function readSections(
  body: string,
  problem: Report,
): { title?: string; role: string; systemPrompt: string; guidelines: string; examples: string[] } | undefined {
  if (!body.trim()) {
    problem('the body is empty: it needs "## Role", "## System Prompt" and "## Guidelines" sections');
    return undefined;
  }
  const { title, sections } = splitSections(body);
  const missing = ['role', 'system prompt', 'guidelines'].filter((name) => !sections.get(name));
  let systemPrompt = sections.get('system prompt');
  // Without one, the body is the prompt, less its example requests (they are for selection only).
  if (!systemPrompt) systemPrompt = withoutSection(body, 'example requests').trim() || body.trim();
  if (missing.length) {
    problem(
      `missing or empty section${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"## ${titleCase(m)}"`).join(', ')}${missing.includes('system prompt') ? '; the whole body is used as the system prompt' : ''}`,
      'warning',
    );
  }
  // Optional: one request per line, a list marker or not.
  const examples = (sections.get('example requests') ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim())
    .filter(Boolean);
  return { ...(title ? { title } : {}), role: sections.get('role') ?? '', systemPrompt, guidelines: sections.get('guidelines') ?? '', examples };
}

/** A front-matter field, never one inherited from Object.prototype. */
function own(fields: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
}

function titleCase(text: string): string {
  return text.replace(/\b\w/g, (c) => c.toUpperCase());
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${String(value)}`;
}
