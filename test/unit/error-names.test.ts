// Typed errors name themselves: the bundles are built without esbuild's keepNames (esbuild.js), so a
// class's name in the bundle is not guaranteed to be the one in the source. Every class under src/ that
// extends an error must declare `override readonly name: string = '<its own class name>'` first.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BigThreeError, UnknownExpertError } from '../../src/orchestrator/errors';

const root = path.join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('typed errors', () => {
  it('every error class under src/ declares its own name as its first member', () => {
    // Any indentation (classes inside functions), abstract or not; a class is an error class when its
    // base is Error, ends in "Error" (the SDKs' errors), or is itself an error class of src/ (EditMismatch).
    const declaration = /^[ \t]*(?:export )?(?:abstract )?class (\w+) extends ([\w.]+)[^\n]*\{\n([^\n]*)/gm;
    const found: Array<{ file: string; name: string; base: string; first: string }> = [];
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(declaration))
        found.push({ file: path.relative(root, file), name: match[1]!, base: match[2]!, first: match[3]!.trim() });
    }
    const errorClasses = new Set<string>();
    for (let grew = true; grew;) {
      grew = false;
      for (const c of found) {
        if (errorClasses.has(c.name)) continue;
        const base = c.base.split('.').pop()!;
        if (base === 'Error' || base.endsWith('Error') || errorClasses.has(base)) {
          errorClasses.add(c.name);
          grew = true;
        }
      }
    }
    const wrong = found
      .filter((c) => errorClasses.has(c.name) && c.first !== `override readonly name: string = '${c.name}';`)
      .map((c) => `${c.file}: ${c.name}`);
    assert.ok(errorClasses.size >= 50, `expected the error classes of src/, found ${errorClasses.size}`);
    assert.deepStrictEqual(wrong, []);
  });

  it('an instance reports its class name, a subclass its own', () => {
    assert.strictEqual(new UnknownExpertError('x', []).name, 'UnknownExpertError');
    assert.strictEqual(new BigThreeError('m', 'c').name, 'BigThreeError');
  });
});
