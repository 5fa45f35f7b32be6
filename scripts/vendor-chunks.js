// Heavy third-party packages (the provider SDKs, the shell parser, zod) are built into files of their own,
// dist/vendor/<package>.js, instead of into every bundle that uses them: a bundle requires its package's
// file only when the code that imports the package first runs, so VS Code parses and compiles them on
// first use, not when it loads dist/extension.js. Each package is built once and shared by the extension, the CLI,
// the benchmarks and the integration suite (one copy of each class, so `instanceof` keeps working).
//
// A package's file exports each subpath that our code imports, as a lazy getter: add the subpath to the
// list below when you import a new one (the build says so when it meets one it does not know).
const path = require('path');

/** package -> the subpaths our sources import ('' is the package itself). */
const VENDOR_PACKAGES = {
  '@anthropic-ai/sdk': [''],
  '@google/genai': [''],
  openai: ['', 'realtime/ws'],
  chromadb: [''],
  'mvdan-sh': [''],
  // The tools' schemas (ours) and the MCP SDK's (in the CLI): one zod for both.
  zod: ['', 'v3', 'v4', 'v4-mini', 'v4/core'],
};

const NAMESPACE = 'big-three-vendor';

/** dist/vendor/<name>.js for a package name (scope folded into the file name). */
function vendorFile(pkg) {
  return `dist/vendor/${pkg.replace(/^@/, '').replace(/\//g, '-')}.js`;
}

function splitSpecifier(spec) {
  for (const pkg of Object.keys(VENDOR_PACKAGES)) {
    if (spec === pkg) return { pkg, subpath: '' };
    if (spec.startsWith(`${pkg}/`)) return { pkg, subpath: spec.slice(pkg.length + 1) };
  }
  return undefined;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const SPECIFIER_FILTER = new RegExp(`^(${Object.keys(VENDOR_PACKAGES).map(escapeRe).join('|')})(/.*)?$`);

/**
 * Redirects imports of the vendor packages to their files, as `require('<relative>/vendor/<name>.js')[subpath]`
 * evaluated where the import is. `outfile` is the bundle's own output file; `vendorDir` the folder of the
 * vendor files; `own` the package a vendor file is built for (bundled normally there).
 */
function vendorChunksPlugin({ outfile, vendorDir, own }) {
  return {
    name: 'vendor-chunks',
    setup(build) {
      // The vendor file itself, required from the module below, stays outside the bundle.
      build.onResolve({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: SPECIFIER_FILTER }, (args) => {
        const split = splitSpecifier(args.path);
        if (!split || split.pkg === own || args.kind === 'dynamic-import') return undefined;
        if (!VENDOR_PACKAGES[split.pkg].includes(split.subpath)) {
          return { errors: [{ text: `${args.path} is not in VENDOR_PACKAGES['${split.pkg}'] (scripts/vendor-chunks.js): add the subpath '${split.subpath}' there` }] };
        }
        return { path: args.path, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const { pkg, subpath } = splitSpecifier(args.path);
        let file = path.relative(path.dirname(outfile), path.join(vendorDir, path.basename(vendorFile(pkg)))).split(path.sep).join('/');
        if (!file.startsWith('.')) file = `./${file}`;
        return { contents: `module.exports = require(${JSON.stringify(file)})[${JSON.stringify(subpath)}];`, loader: 'js' };
      });
    },
  };
}

/** The esbuild entries of the vendor files: each exports its package's subpaths as lazy getters. */
function vendorEntries() {
  return Object.entries(VENDOR_PACKAGES).map(([pkg, subpaths]) => ({
    stdin: {
      contents: subpaths
        .map((sub) => `Object.defineProperty(exports, ${JSON.stringify(sub)}, { enumerable: true, get: () => require(${JSON.stringify(sub ? `${pkg}/${sub}` : pkg)}) });`)
        .join('\n'),
      resolveDir: path.resolve(__dirname, '..'),
      sourcefile: `vendor:${pkg}`,
      loader: 'js',
    },
    outfile: vendorFile(pkg),
    vendorOf: pkg,
  }));
}

module.exports = { VENDOR_PACKAGES, vendorChunksPlugin, vendorEntries, vendorFile };
