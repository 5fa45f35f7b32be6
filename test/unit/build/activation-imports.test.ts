// What activation evaluates: dist/extension.js (src/extension.ts) holds the command stand-ins, the MCP
// provider and the code-cache loader, and loads dist/extension-app.js (src/extension-app.ts) in a task after
// activate() has returned: the modules reached from it through static imports (a require() inside a function
// runs on first use). None of the heavy packages may be among them: the
// provider SDKs, the shell parser and zod live in dist/vendor/ (scripts/vendor-chunks.js) and the YAML parser
// loads with the first definition parsed. A failure names the chain of imports that pulls one in.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import type { Metafile } from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..', '..');
// The build script (CommonJS) holds the plugin and the list of vendor packages.
const { vendorChunksPlugin, VENDOR_PACKAGES } = require(path.join(root, 'scripts', 'vendor-chunks.js')) as {
  vendorChunksPlugin: (options: { outfile: string; vendorDir: string; own?: string }) => import('esbuild').Plugin;
  VENDOR_PACKAGES: Record<string, string[]>;
};

/** Modules evaluated when the bundle loads, each with the module that imports it (null for the entry). */
function eagerModules(meta: Metafile, entry: string): Map<string, string | null> {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const inNodeModules = file.includes('node_modules/');
    for (const imported of meta.inputs[file]?.imports ?? []) {
      if (imported.external) continue;
      // Our sources import eagerly with import statements only; a package's top-level require() runs at load.
      const eager = imported.kind === 'import-statement' || (inNodeModules && imported.kind === 'require-call');
      if (eager && !parent.has(imported.path)) {
        parent.set(imported.path, file);
        queue.push(imported.path);
      }
    }
  }
  return parent;
}

function chain(parents: Map<string, string | null>, file: string): string {
  const steps: string[] = [];
  for (let f: string | null | undefined = file; f; f = parents.get(f)) steps.push(f);
  return steps.reverse().join(' -> ');
}

describe('what activation loads (esbuild metafiles of src/extension.ts and src/extension-app.ts)', function () {
  this.timeout(60_000);
  let meta: Metafile;
  let out: string;

  before(async () => {
    const esbuild = await import('esbuild');
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-activation-imports-'));
    const outfile = path.join(out, 'dist', 'extension.js');
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/extension-app.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      metafile: true,
      write: false,
      logLevel: 'silent',
      external: ['vscode', '@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-web', 'sharp', 'playwright-core', '@vscode/tree-sitter-wasm'],
      plugins: [vendorChunksPlugin({ outfile, vendorDir: path.join(out, 'dist', 'vendor') })],
    });
    meta = result.metafile;
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('the heavy packages are in the bundle only as requires of dist/vendor/, never loaded with it', () => {
    const eager = eagerModules(meta, 'src/extension-app.ts');
    const vendorModules = Object.keys(meta.inputs).filter((f) => f.startsWith('big-three-vendor:'));
    assert.ok(vendorModules.length >= 4, `the provider SDKs are redirected to dist/vendor (${vendorModules.join(', ')})`);
    const loaded = [...eager.keys()].filter(
      (f) => f.startsWith('big-three-vendor:') || /node_modules\/(gray-matter|js-yaml|zod|@modelcontextprotocol)\//.test(f),
    );
    assert.deepStrictEqual(
      loaded.map((f) => chain(eager, f)),
      [],
    );
  });

  it('the entry VS Code loads holds the stand-ins, the MCP provider and the code-cache loader, not the application', async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/extension.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['vscode'],
    });
    assert.deepStrictEqual(Object.keys(result.metafile.inputs).sort(), [
      'src/adapters/bundle-code-cache.ts',
      'src/adapters/node-file-system.ts',
      'src/adapters/node-store-file-system.ts', // the process's one file system (nodeFileSystem()), for the cache's write
      'src/extension.ts',
      'src/orchestrator/app/data-dirs.ts', // the data folder's default, for the MCP server's launch
      'src/orchestrator/path-inside.ts', // one function over 'path' (node-file-system's "inside the workspace" test)
      'src/views/command-ids.ts',
      'src/views/configuration.ts',
      'src/views/lazy/deferred-commands.ts',
      'src/views/mcp/mcp-launch.ts',
      'src/views/mcp/register-mcp-server.ts',
    ]);
  });

  it('no vendor package is bundled into the extension itself', () => {
    const bundled = Object.keys(meta.inputs).filter((f) => Object.keys(VENDOR_PACKAGES).some((pkg) => f.includes(`node_modules/${pkg}/`)));
    assert.deepStrictEqual(bundled, []);
  });

  it('the check itself sees an eager import (self-check on a module that imports the Anthropic SDK)', () => {
    const eager = eagerModules(meta, 'src/orchestrator/delegates/claude-coder.ts');
    assert.ok(
      [...eager.keys()].some((f) => f === 'big-three-vendor:@anthropic-ai/sdk'),
      'claude-coder.ts imports the SDK statically',
    );
  });
});
