// ESLint (flat config) for src/ and test/, run by `npm run lint`.
// ESLint, typescript-eslint and typescript 5.9 live in tools/lint/ (own lockfile): the project's typescript 7
// is the native build without the JavaScript API that typescript-eslint needs for type information.
import { createRequire } from 'node:module';

const require = createRequire(new URL('./tools/lint/package.json', import.meta.url));
const tseslint = require('typescript-eslint');

// Areas under src/ and what each may never import (tools/lint/boundaries.json, also read by
// test/unit/architecture.test.ts). Folder names are unique across src/, so a relative import that climbs
// exactly to src/ and names one of the forbidden entries is the forbidden edge (see ruleBlocksFor).
const BOUNDARIES = require('./boundaries.json').areas;
const MAX_DEPTH = 6;

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// One config block per nesting depth: a file at src/<area>/<d-1 folders>/x.ts reaches src/ with exactly d '../'.
function ruleBlocksFor({ area, forbidden, vscode }) {
  const blocks = [];
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    const up = escape('../'.repeat(depth));
    const target = `^${up}(?:${forbidden.map(escape).join('|')})(?:$|[/.])`;
    const message = `src/${area} must not import ${forbidden.map((f) => `src/${f}`).join(', ')}${vscode ? ' or vscode' : ''} (README: Architecture).`;
    const patterns = [{ regex: target, message }];
    // Dynamic import() and require() are not import declarations: no-restricted-syntax covers them.
    // esquery regex literals cannot contain '/', hence \x2F.
    const selectorRegex = target.replace(/\//g, '\\x2F');
    const restrictedSyntax = ['ImportExpression[source.value', "CallExpression[callee.name='require'][arguments.0.value"].flatMap((prefix) => [
      { selector: `${prefix}=/${selectorRegex}/]`, message },
      ...(vscode ? [{ selector: `${prefix}='vscode']`, message }] : []),
    ]);
    blocks.push({
      name: `boundaries/${area}/depth-${depth}`,
      files: [`src/${area}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          { paths: vscode ? [{ name: 'vscode', message }] : [], patterns },
        ],
        'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT, ...restrictedSyntax],
      },
    });
  }
  return blocks;
}

const NO_DEFAULT_EXPORT = [
  { selector: 'ExportDefaultDeclaration', message: 'Use a named export (no default exports).' },
  { selector: "ExportSpecifier[exported.name='default']", message: 'Use a named export (no default exports).' },
];

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
      'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORT],
    },
  },
  { name: 'big-three/no-console-in-src', files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  ...BOUNDARIES.flatMap(ruleBlocksFor),
);
