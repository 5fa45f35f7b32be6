// ESLint (flat config) for src/ and test/, run by `npm run lint`.
// ESLint, typescript-eslint and typescript 5.9 live in tools/lint/ (own lockfile): the project's typescript 7
// is the native build without the JavaScript API that typescript-eslint needs for type information.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('./tools/lint/package.json', import.meta.url));
const tseslint = require('typescript-eslint');

// Areas under src/ and what each may never import (tools/lint/boundaries.json, also read by
// test/unit/architecture.test.ts). Folder names are unique across src/, so a relative import that climbs
// exactly to src/ and names one of the forbidden entries is the forbidden edge (see boundaryBlocks).
const BOUNDARIES = require('./boundaries.json').areas;
const MAX_DEPTH = 6;
const ID_CONSTANTS_FILE = 'src/views/command-ids.ts';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// esquery regex literals cannot contain '/'.
const selectorRegex = (regex) => regex.replace(/\//g, '\\x2F');

const NO_DEFAULT_EXPORT = [
  { selector: 'ExportDefaultDeclaration', message: 'Use a named export (no default exports).' },
  { selector: "ExportSpecifier[exported.name='default']", message: 'Use a named export (no default exports).' },
];

// Command and view ids (and the views' focus commands) are written once, in src/views/command-ids.ts.
const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const commandIds = manifest.contributes.commands.map((c) => c.command);
const viewIds = Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => v.id));
const ID_LITERALS = [
  {
    // A settings section may share a view's name (getConfiguration('bigThree.voice')): not an id.
    selector:
      `Literal[value=/^(?:${[...commandIds, ...viewIds].map(escape).join('|')}|(?:${viewIds.map(escape).join('|')})\\.focus)$/]` +
      ':not(CallExpression[callee.property.name=/^(?:getConfiguration|affectsConfiguration)$/] > Literal)',
    message: `Use COMMANDS / VIEWS / focusCommand from ${ID_CONSTANTS_FILE} instead of the id string.`,
  },
];

// One file system per process, made by nodeFileSystem() in node-store-file-system.ts (which extends the plain
// one): the hosts take it from nodePorts(); the index worker (a child process) and the code cache, which runs
// before the bundle and its ports exist, call nodeFileSystem() themselves. No other file under src/ may import
// them (however it is renamed or subclassed afterwards: the import is what is refused).
const OWN_FILE_SYSTEM = [
  'src/adapters/node-ports.ts',
  'src/adapters/rag-index-worker.ts',
  'src/adapters/bundle-code-cache.ts',
  'src/adapters/node-store-file-system.ts',
];
const FILE_SYSTEM_MODULE = '(?:^|/)node-(?:store-)?file-system(?:\\.js)?$';
const FILE_SYSTEM_MESSAGE = "Use the host's file system port (nodePorts().fs, ports.fs) instead of importing NodeFileSystem.";
const FILE_SYSTEM_IMPORT = { regex: FILE_SYSTEM_MODULE, message: FILE_SYSTEM_MESSAGE };
const fileSystemImports = ['ImportExpression[source.value', "CallExpression[callee.name='require'][arguments.0.value"].map((prefix) => ({
  selector: `${prefix}=/${selectorRegex(FILE_SYSTEM_MODULE)}/]`,
  message: FILE_SYSTEM_MESSAGE,
}));

// One block per nesting depth: a file at src/<area>/<depth-1 folders>/x.ts reaches src/ with exactly depth '../'.
function boundaryBlocks({ area, forbidden, vscode }) {
  const blocks = [];
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    const target = `^${escape('../'.repeat(depth))}(?:${forbidden.map(escape).join('|')})(?:$|[/.])`;
    const message = `src/${area} must not import ${forbidden.map((f) => `src/${f}`).join(', ')}${vscode ? ' or vscode' : ''} (README: Architecture).`;
    // Dynamic import() and require() are not import declarations: no-restricted-syntax covers them.
    const dynamicImports = ['ImportExpression[source.value', "CallExpression[callee.name='require'][arguments.0.value"].flatMap((prefix) => [
      { selector: `${prefix}=/${selectorRegex(target)}/]`, message },
      ...(vscode ? [{ selector: `${prefix}='vscode']`, message }] : []),
    ]);
    const files = [`src/${area}/${'*/'.repeat(depth - 1)}*.ts`];
    blocks.push({
      name: `boundaries/${area}/depth-${depth}`,
      files,
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          { paths: vscode ? [{ name: 'vscode', message }] : [], patterns: [{ regex: target, message }, FILE_SYSTEM_IMPORT] },
        ],
        'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT, ...ID_LITERALS, ...fileSystemImports, ...dynamicImports],
      },
    });
    // The files that may make their own file system keep the other restrictions of their place.
    const own = OWN_FILE_SYSTEM.filter((file) => new RegExp(`^src/${escape(area)}/${'[^/]+/'.repeat(depth - 1)}[^/]+\\.ts$`).test(file));
    if (own.length)
      blocks.push({
        name: `one-file-system/${area}/depth-${depth}`,
        files: own,
        rules: {
          '@typescript-eslint/no-restricted-imports': ['error', { paths: vscode ? [{ name: 'vscode', message }] : [], patterns: [{ regex: target, message }] }],
          'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT, ...ID_LITERALS, ...dynamicImports],
        },
      });
    // The one file that spells the ids keeps the other restrictions of its place.
    if (files[0] === `${ID_CONSTANTS_FILE.replace(/\/[^/]+$/, '')}/*.ts`) {
      blocks.push({
        name: 'ids/constants-file',
        files: [ID_CONSTANTS_FILE],
        rules: { 'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT, ...dynamicImports] },
      });
    }
  }
  return blocks;
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tools/**', 'test/fixtures/**', 'media/**', 'bench/**', '.vscode-test/**'] },
  {
    name: 'big-three/typescript',
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT, ...ID_LITERALS],
    },
  },
  { name: 'big-three/no-console-in-src', files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  // The entries outside the areas (extension.ts, extension-app.ts, the webview) take the file system from the host too.
  {
    name: 'one-file-system/unrestricted',
    files: ['src/*.ts', 'src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [FILE_SYSTEM_IMPORT] }],
      'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT, ...ID_LITERALS, ...fileSystemImports],
    },
  },
  ...BOUNDARIES.flatMap(boundaryBlocks),
  // The test that compares the ids with package.json names them on purpose.
  { name: 'ids/manifest-test', files: ['test/unit/command-ids.test.ts'], rules: { 'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT] } },
);
