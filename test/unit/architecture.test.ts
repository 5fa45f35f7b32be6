// The import boundaries, console and default-export rules are ESLint rules (eslint.config.mjs, `npm run lint`,
// a stage of `npm test`; tools/lint/check-rules.mjs proves on samples that each one reports). This test makes
// sure the rules keep covering the tree: every entry under src/ is an area with boundaries or is named as
// unrestricted, and every forbidden target exists.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');

interface Boundaries {
  areas: Array<{ area: string; forbidden: string[]; vscode: boolean }>;
  unrestricted: string[];
}

const boundaries = JSON.parse(fs.readFileSync(path.join(root, 'tools', 'lint', 'boundaries.json'), 'utf8')) as Boundaries;
const srcEntries = fs.readdirSync(path.join(root, 'src')).map((name) => name.replace(/\.ts$/, ''));

describe('architecture rules (tools/lint/boundaries.json)', () => {
  it('every entry under src/ has boundaries or is named as unrestricted', () => {
    const known = new Set([...boundaries.areas.map((a) => a.area), ...boundaries.unrestricted.map((u) => u.replace(/\.ts$/, ''))]);
    assert.deepStrictEqual(
      srcEntries.filter((entry) => !known.has(entry)),
      [],
    );
  });

  it('every forbidden target is an entry under src/ (a renamed folder would silently lift a rule)', () => {
    const missing = boundaries.areas.flatMap((a) => a.forbidden.filter((f) => !srcEntries.includes(f)).map((f) => `${a.area} -> ${f}`));
    assert.deepStrictEqual(missing, []);
  });

  it('the core and the Node hosts never import vscode; views and cli never import each other', () => {
    const rule = (area: string) => boundaries.areas.find((a) => a.area === area);
    for (const area of ['orchestrator', 'adapters', 'cli']) assert.strictEqual(rule(area)?.vscode, true, area);
    for (const target of ['views', 'adapters', 'cli']) assert.ok(rule('orchestrator')?.forbidden.includes(target), `orchestrator -> ${target}`);
    assert.ok(rule('views')?.forbidden.includes('cli'));
    assert.ok(rule('cli')?.forbidden.includes('views'));
    assert.ok(rule('adapters')?.forbidden.includes('views') && rule('adapters')?.forbidden.includes('cli'));
  });

  it("the Node file system is made in one place (the process's one instance, nodeFileSystem())", () => {
    const sites: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts'))
          for (const _ of fs.readFileSync(full, 'utf8').matchAll(/new\s+Node(Store)?FileSystem\s*\(/g)) sites.push(path.relative(root, full));
      }
    };
    walk(path.join(root, 'src'));
    assert.deepStrictEqual(sites, [path.join('src', 'adapters', 'node-store-file-system.ts')]);
  });
});
