// The core stays host-independent: nothing under src/orchestrator may import vscode, and no file
// under src/ writes to the console (hosts log through their LoggerPort).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('architecture rules', () => {
  it('src/orchestrator never imports vscode', () => {
    const offenders = sourceFiles(path.join(root, 'src', 'orchestrator')).filter((file) =>
      /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test(fs.readFileSync(file, 'utf8')),
    );
    assert.deepStrictEqual(offenders.map((f) => path.relative(root, f)), []);
  });

  it('the rule really detects an import (self-check on a sample)', () => {
    assert.ok(/(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test("import * as vscode from 'vscode';"));
    assert.ok(/(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test("const v = require('vscode')"));
  });

  it('no console.* calls in src/', () => {
    const offenders = sourceFiles(path.join(root, 'src')).filter((file) => /\bconsole\.(log|warn|error|info|debug)\s*\(/.test(fs.readFileSync(file, 'utf8')));
    assert.deepStrictEqual(offenders.map((f) => path.relative(root, f)), []);
  });

  // Import boundaries per area (ESLint is not configured: typescript-eslint needs the TypeScript JS API,
  // which typescript@7 does not ship). Relative imports are resolved and checked against the areas.
  const AREAS: Array<{ area: string; forbidden: string[] }> = [
    { area: 'orchestrator', forbidden: ['views', 'cli', 'adapters', 'extension.ts', 'webview'] },
    { area: 'adapters', forbidden: ['views', 'cli', 'extension.ts'] },
    { area: 'views', forbidden: ['cli'] },
    { area: 'cli', forbidden: ['views', 'extension.ts', 'webview'] },
  ];
  for (const { area, forbidden } of AREAS) {
    it(`src/${area} never imports ${forbidden.join(', ')}`, () => {
      const offenders: string[] = [];
      for (const file of sourceFiles(path.join(root, 'src', area))) {
        for (const match of fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
          const target = path.relative(path.join(root, 'src'), path.resolve(path.dirname(file), match[1]!)).split(path.sep)[0]!;
          if (forbidden.includes(target) || forbidden.includes(`${target}.ts`)) offenders.push(`${path.relative(root, file)} -> ${match[1]}`);
        }
      }
      assert.deepStrictEqual(offenders, []);
    });
  }

  it('no default exports in src/', () => {
    const offenders = sourceFiles(path.join(root, 'src')).filter((file) => /\bexport\s+default\b/.test(fs.readFileSync(file, 'utf8')));
    assert.deepStrictEqual(offenders.map((f) => path.relative(root, f)), []);
  });
});
