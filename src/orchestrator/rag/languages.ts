// File extension → language, and how each language family marks the start of a top-level unit.
import * as path from 'path';
import { lookupTable } from '../text/lookup-table';

export type LanguageFamily = 'c-like' | 'python' | 'ruby' | 'markdown' | 'text';

const BY_EXTENSION: Record<string, string> = lookupTable<string>({
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  pyi: 'python',
  rb: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  scala: 'scala',
  swift: 'swift',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  cs: 'csharp',
  php: 'php',
  dart: 'dart',
  lua: 'lua',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ps1: 'powershell',
  sql: 'sql',
  r: 'r',
  m: 'objective-c',
  vue: 'vue',
  svelte: 'svelte',
  md: 'markdown',
  mdx: 'markdown',
  markdown: 'markdown',
  rst: 'restructuredtext',
  txt: 'text',
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ini: 'ini',
  xml: 'xml',
  html: 'html',
  htm: 'html',
  css: 'css',
  scss: 'scss',
  less: 'less',
  graphql: 'graphql',
  gql: 'graphql',
  proto: 'protobuf',
  tf: 'terraform',
  gradle: 'gradle',
});

const BY_NAME: Record<string, string> = lookupTable<string>({
  Dockerfile: 'dockerfile',
  Makefile: 'makefile',
  Rakefile: 'ruby',
  Gemfile: 'ruby',
  Jenkinsfile: 'groovy',
});

const C_LIKE = new Set([
  'typescript',
  'javascript',
  'go',
  'rust',
  'java',
  'kotlin',
  'scala',
  'swift',
  'c',
  'cpp',
  'csharp',
  'php',
  'dart',
  'vue',
  'svelte',
  'objective-c',
  'groovy',
  'gradle',
  'protobuf',
  'graphql',
  'terraform',
]);

export function languageOf(file: string): string {
  const base = path.basename(file);
  if (BY_NAME[base]) return BY_NAME[base]!;
  const ext = path.extname(base).slice(1).toLowerCase();
  return BY_EXTENSION[ext] ?? 'text';
}

export function familyOf(language: string): LanguageFamily {
  if (C_LIKE.has(language)) return 'c-like';
  if (language === 'python') return 'python';
  if (language === 'ruby' || language === 'lua') return 'ruby';
  if (language === 'markdown' || language === 'restructuredtext') return 'markdown';
  return 'text';
}

const MODIFIERS =
  '(?:export\\s+|default\\s+|declare\\s+|public\\s+|private\\s+|protected\\s+|internal\\s+|static\\s+|abstract\\s+|final\\s+|sealed\\s+|open\\s+|override\\s+|async\\s+|unsafe\\s+|pub(?:\\([^)]*\\))?\\s+|inline\\s+|virtual\\s+|readonly\\s+|partial\\s+|data\\s+|extern\\s+(?:"[^"]*"\\s+)?)*';
const C_DECLARATION = new RegExp(
  `^${MODIFIERS}(?:function\\*?|class|interface|enum|type|namespace|module|struct|trait|impl|fn|func|def|object|record|union|const|let|var|val|template\\s*<)\\b\\s*([A-Za-z_$][\\w$]*)?`,
);
/** A member or C-style function: `name(args) {`, `async name(`, `get name()`, `int main(int argc)`. */
const C_MEMBER =
  /^(?:(?:public|private|protected|static|async|get|set|override|readonly|abstract|virtual|inline|final|constructor)\s+)*([A-Za-z_$][\w$<>,\s*&:]*?\s+)?\*?([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\([^;]*$/;
const PY_DECLARATION = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/;
const RB_DECLARATION = /^(?:def|class|module|function|local\s+function)\s+([A-Za-z_][\w.:]*)/;

export interface Declaration {
  kind: 'function' | 'class' | 'declaration' | 'section';
  name?: string;
}

const KEYWORDS_NOT_MEMBERS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'return',
  'else',
  'do',
  'try',
  'with',
  'function',
  'new',
  'await',
  'typeof',
  'super',
  'this',
]);

/** Whether a line (without its indentation) starts a declaration in this language family. */
export function declarationAt(family: LanguageFamily, line: string, member: boolean): Declaration | undefined {
  if (family === 'markdown') {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    return heading ? { kind: 'section', name: heading[2]!.trim() } : undefined;
  }
  if (family === 'python' || family === 'ruby') {
    const m = (family === 'python' ? PY_DECLARATION : RB_DECLARATION).exec(line);
    if (!m) return undefined;
    return { kind: /^(?:class|module)/.test(line) ? 'class' : 'function', ...(m[1] ? { name: m[1] } : {}) };
  }
  if (family !== 'c-like') return undefined;
  const m = C_DECLARATION.exec(line);
  if (m) {
    const kind = /\b(?:class|interface|struct|trait|impl|enum|object|record|namespace|module)\b/.test(line.slice(0, m[0].length))
      ? 'class'
      : /\b(?:function|fn|func|def)\b/.test(line.slice(0, m[0].length))
        ? 'function'
        : 'declaration';
    return { kind, ...(m[1] ? { name: m[1] } : {}) };
  }
  const call = C_MEMBER.exec(line);
  if (call && !KEYWORDS_NOT_MEMBERS.has(call[2]!) && (member || call[1] !== undefined || /\{\s*$/.test(line))) {
    return { kind: 'function', name: call[2]! };
  }
  return undefined;
}
