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
    const declaration = /^(?:export )?class (\w+) extends (\w*Error)\b[^\n]*\{\n([^\n]*)/gm;
    let classes = 0;
    const wrong: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(declaration)) {
        classes++;
        if (match[3]!.trim() !== `override readonly name: string = '${match[1]}';`) wrong.push(`${path.relative(root, file)}: ${match[1]}`);
      }
    }
    assert.ok(classes >= 50, `expected the error classes of src/, found ${classes}`);
    assert.deepStrictEqual(wrong, []);
  });

  it('an instance reports its class name, a subclass its own', () => {
    assert.strictEqual(new UnknownExpertError('x', []).name, 'UnknownExpertError');
    assert.strictEqual(new BigThreeError('m', 'c').name, 'BigThreeError');
  });
});
