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

  it('no default exports in src/', () => {
    const offenders = sourceFiles(path.join(root, 'src')).filter((file) => /\bexport\s+default\b/.test(fs.readFileSync(file, 'utf8')));
    assert.deepStrictEqual(offenders.map((f) => path.relative(root, f)), []);
  });
});
