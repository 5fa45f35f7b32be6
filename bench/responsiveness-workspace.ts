// The responsiveness benchmark's workspace: a monorepo of ~5,000 generated JavaScript/TypeScript files
// (services, React components, utilities, tests, config), written at bench time to a folder outside the
// checkout. Deterministic (seeded), varied in size (≈ 30–250 lines) and vocabulary, so the indexer does the
// work real sources give it: many distinct identifiers, comments, imports between files.
import * as fs from 'fs';
import * as path from 'path';

const NOUNS = ['invoice', 'customer', 'order', 'payment', 'shipment', 'ledger', 'account', 'session', 'token', 'report', 'product', 'cart', 'coupon', 'tenant', 'webhook', 'schedule', 'inventory', 'warehouse', 'refund', 'subscription', 'notification', 'audit', 'policy', 'quota', 'metric', 'upload', 'thumbnail', 'locale', 'currency', 'address'];
const VERBS = ['load', 'save', 'validate', 'render', 'compute', 'sync', 'merge', 'parse', 'format', 'resolve', 'schedule', 'cancel', 'retry', 'archive', 'export', 'import', 'normalize', 'reconcile', 'publish', 'track'];
const ADJECTIVES = ['pending', 'active', 'expired', 'draft', 'archived', 'failed', 'partial', 'cached', 'remote', 'local', 'primary', 'secondary'];
const PACKAGES = ['api', 'web', 'billing', 'auth', 'catalog', 'shipping', 'analytics', 'admin', 'mobile-shared', 'notifications', 'search', 'reporting', 'payments', 'inventory', 'core', 'ui-kit'];
const AREAS = ['services', 'models', 'components', 'hooks', 'utils', 'routes', 'store', 'adapters', 'jobs', 'validators'];

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (...words: string[]) => words[0]! + words.slice(1).map(cap).join('');

interface Ctx {
  rnd: () => number;
  pick<T>(list: readonly T[]): T;
  int(min: number, max: number): number;
}

function ctx(seed: number): Ctx {
  const rnd = random(seed);
  return { rnd, pick: (list) => list[Math.floor(rnd() * list.length)]!, int: (min, max) => min + Math.floor(rnd() * (max - min + 1)) };
}

function fn(c: Ctx, noun: string, i: number): string {
  const verb = c.pick(VERBS);
  const adj = c.pick(ADJECTIVES);
  const name = camel(verb, adj, noun) + i;
  const lines = [
    `/**`,
    ` * ${cap(verb)}s ${adj} ${noun} records${c.rnd() < 0.5 ? ` and keeps the ${c.pick(NOUNS)} totals in step` : ''}.`,
    ` * Returns the ${noun}s that changed; the input is left untouched.`,
    ` */`,
    `export async function ${name}(items: ${cap(noun)}[], options: { limit?: number; ${c.pick(NOUNS)}Id?: string } = {}): Promise<${cap(noun)}[]> {`,
    `  const limit = options.limit ?? ${c.int(10, 500)};`,
    `  const changed: ${cap(noun)}[] = [];`,
    `  for (const item of items.slice(0, limit)) {`,
    `    if (item.status === '${adj}') continue;`,
  ];
  for (let k = c.int(1, 6); k > 0; k--) {
    const other = c.pick(NOUNS);
    lines.push(`    const ${other}${k} = item.${camel(other, 'total')} ?? ${c.int(0, 99)};`);
    lines.push(`    if (${other}${k} > ${c.int(100, 9999)}) item.${camel(c.pick(VERBS), 'count')} = Math.round(${other}${k} * ${(c.rnd() * 2).toFixed(3)});`);
  }
  lines.push(`    changed.push({ ...item, updatedAt: Date.now() });`, `  }`, `  return changed;`, `}`, '');
  return lines.join('\n');
}

function serviceFile(c: Ctx, noun: string, index: number): string {
  const dep = c.pick(NOUNS);
  const out = [
    `// ${cap(noun)} service: reads and writes ${noun}s through the repository, emits events on change.`,
    `import { EventEmitter } from 'events';`,
    `import type { ${cap(dep)}Repository } from '../adapters/${dep}-repository';`,
    `import { ${camel('format', dep)} } from '../utils/${dep}-format';`,
    '',
    `export interface ${cap(noun)} {`,
    `  id: string;`,
    `  status: ${ADJECTIVES.slice(0, c.int(3, 8)).map((a) => `'${a}'`).join(' | ')};`,
    ...Array.from({ length: c.int(2, 8) }, () => `  ${camel(c.pick(NOUNS), 'total')}?: number;`),
    `  updatedAt?: number;`,
    `  [key: string]: unknown;`,
    `}`,
    '',
    `export class ${cap(noun)}Service${index} extends EventEmitter {`,
    `  private readonly cache = new Map<string, ${cap(noun)}>();`,
    `  constructor(private readonly repository: ${cap(dep)}Repository, private readonly ttlMs = ${c.int(1, 60) * 1000}) {`,
    `    super();`,
    `  }`,
    '',
  ];
  for (let m = c.int(2, 7); m > 0; m--) {
    const verb = c.pick(VERBS);
    out.push(
      `  async ${camel(verb, noun)}${m}(id: string): Promise<${cap(noun)} | undefined> {`,
      `    const hit = this.cache.get(id);`,
      `    if (hit && Date.now() - (hit.updatedAt ?? 0) < this.ttlMs) return hit;`,
      `    const row = await this.repository.find(id);`,
      `    if (!row) return undefined;`,
      `    const value: ${cap(noun)} = { id, status: '${c.pick(ADJECTIVES)}', label: ${camel('format', dep)}(row), updatedAt: Date.now() };`,
      `    this.cache.set(id, value);`,
      `    this.emit('${verb}', value);`,
      `    return value;`,
      `  }`,
      '',
    );
  }
  out.push(`}`, '');
  for (let f = c.int(1, 4); f > 0; f--) out.push(fn(c, noun, f));
  return out.join('\n');
}

function componentFile(c: Ctx, noun: string, index: number): string {
  const Name = `${cap(c.pick(ADJECTIVES))}${cap(noun)}Panel${index}`;
  const fields = Array.from({ length: c.int(2, 7) }, () => c.pick(NOUNS));
  return [
    `import React, { useEffect, useMemo, useState } from 'react';`,
    `import { use${cap(noun)}Query } from '../hooks/use-${noun}-query';`,
    '',
    `export interface ${Name}Props {`,
    `  ${noun}Id: string;`,
    `  onSelect?: (id: string) => void;`,
    `  compact?: boolean;`,
    `}`,
    '',
    `/** Shows one ${noun} with its ${fields.join(', ')} and lets the user pick a row. */`,
    `export function ${Name}({ ${noun}Id, onSelect, compact = false }: ${Name}Props) {`,
    `  const { data, error, loading } = use${cap(noun)}Query(${noun}Id);`,
    `  const [filter, setFilter] = useState('');`,
    `  useEffect(() => { setFilter(''); }, [${noun}Id]);`,
    `  const rows = useMemo(() => (data?.rows ?? []).filter((row) => row.label.includes(filter)), [data, filter]);`,
    `  if (loading) return <div className="spinner">Loading ${noun}…</div>;`,
    `  if (error) return <div role="alert">Could not load the ${noun}: {String(error)}</div>;`,
    `  return (`,
    `    <section className={compact ? '${noun}-panel compact' : '${noun}-panel'}>`,
    `      <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter ${noun}s" />`,
    `      <table>`,
    `        <thead><tr>${fields.map((f) => `<th>${cap(f)}</th>`).join('')}</tr></thead>`,
    `        <tbody>`,
    `          {rows.map((row) => (`,
    `            <tr key={row.id} onClick={() => onSelect?.(row.id)}>`,
    ...fields.map((f) => `              <td>{row.${camel(f, 'total')} ?? '–'}</td>`),
    `            </tr>`,
    `          ))}`,
    `        </tbody>`,
    `      </table>`,
    `    </section>`,
    `  );`,
    `}`,
    '',
  ].join('\n');
}

function utilFile(c: Ctx, noun: string): string {
  const out = [`'use strict';`, `// Helpers for ${noun} values: formatting, parsing and comparison.`, ''];
  for (let k = c.int(3, 9); k > 0; k--) {
    const verb = c.pick(VERBS);
    out.push(
      `/** ${cap(verb)} a ${noun} value (${c.pick(ADJECTIVES)} ones are left as they are). */`,
      `function ${camel(verb, noun, 'value')}${k}(value, locale = '${c.pick(['en-US', 'de-DE', 'fr-FR', 'ja-JP'])}') {`,
      `  if (value == null) return '';`,
      `  const parts = String(value).split(/[\\s,;]+/).filter(Boolean);`,
      `  return parts.map((part) => part.toLocaleLowerCase(locale)).sort().join('${c.pick(['-', '_', ' ', '.'])}');`,
      `}`,
      '',
    );
  }
  out.push(`module.exports = { ${camel('format', noun)}: (v) => String(v) };`, '');
  return out.join('\n');
}

function testFile(c: Ctx, noun: string, index: number): string {
  const out = [`import { describe, it } from 'mocha';`, `import * as assert from 'assert';`, `import { ${cap(noun)}Service${index} } from '../src/services/${noun}-service-${index}';`, '', `describe('${cap(noun)}Service${index}', () => {`];
  for (let k = c.int(2, 8); k > 0; k--) {
    out.push(
      `  it('${c.pick(VERBS)}s a ${c.pick(ADJECTIVES)} ${noun} without touching the ${c.pick(NOUNS)}', async () => {`,
      `    const repository = { find: async (id: string) => ({ id, ${camel(c.pick(NOUNS), 'total')}: ${c.int(1, 999)} }) };`,
      `    const service = new ${cap(noun)}Service${index}(repository as never, ${c.int(10, 1000)});`,
      `    assert.ok(service);`,
      `  });`,
    );
  }
  out.push(`});`, '');
  return out.join('\n');
}

export interface GeneratedWorkspace {
  files: number;
  bytes: number;
}

/** Writes `count` source files (plus a package.json and README per package) under `root`. */
export function generateWorkspace(root: string, count = 5000, seed = 16): GeneratedWorkspace {
  let files = 0;
  let bytes = 0;
  const write = (rel: string, text: string) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  write('package.json', JSON.stringify({ name: 'generated-monorepo', private: true, workspaces: PACKAGES.map((p) => `packages/${p}`) }, null, 2));
  for (const pkg of PACKAGES) {
    write(`packages/${pkg}/package.json`, JSON.stringify({ name: `@generated/${pkg}`, version: '1.0.0', main: 'dist/index.js' }, null, 2));
    write(`packages/${pkg}/README.md`, `# @generated/${pkg}\n\nThe ${pkg} package: ${NOUNS.slice(0, 5).join(', ')} handling for the generated monorepo.\n`);
  }
  for (let i = 0; files < count; i++) {
    const c = ctx(seed * 100_003 + i);
    const pkg = PACKAGES[i % PACKAGES.length]!;
    const area = c.pick(AREAS);
    const noun = c.pick(NOUNS);
    const kind = c.rnd();
    if (kind < 0.4) write(`packages/${pkg}/src/${area}/${noun}-service-${i}.ts`, serviceFile(c, noun, i));
    else if (kind < 0.65) write(`packages/${pkg}/src/components/${noun}/${cap(noun)}Panel${i}.tsx`, componentFile(c, noun, i));
    else if (kind < 0.85) write(`packages/${pkg}/lib/${area}/${noun}-${c.pick(VERBS)}-${i}.js`, utilFile(c, noun));
    else write(`packages/${pkg}/test/${noun}-service-${i}.test.ts`, testFile(c, noun, i));
  }
  return { files, bytes };
}
