// Self-check of the lint rules that guard the architecture (run by `npm run lint` before the real lint):
// each sample below must be reported (or, for the allowed ones, not reported) by the boundary, console and
// default-export rules of eslint.config.mjs. Type information is off here: the samples are not in tsconfig.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

const REJECTED = [
  ['src/orchestrator/app/x.ts', "import * as vscode from 'vscode';"],
  ['src/orchestrator/app/x.ts', "import { a } from '../../views/agent-pool/pool-view';"],
  ['src/orchestrator/app/x.ts', "import type { A } from '../../adapters/node-ports.js';"],
  ['src/orchestrator/x.ts', "export { a } from '../adapters/node-ports';"],
  ['src/orchestrator/x.ts', "import '../extension';"],
  ['src/orchestrator/agents/selection/x.ts', "const m = require('../../../cli/main');"],
  ['src/orchestrator/workflow/x.ts', "export async function f() { return import('vscode'); }"],
  ['src/orchestrator/workflow/x.ts', "export async function f() { return import('../../webview/dom'); }"],
  ['src/adapters/audio/x.ts', "import { a } from '../../views/voice/messages';"],
  ['src/adapters/x.ts', "import { a } from '../cli/main';"],
  ['src/adapters/x.ts', "import * as vscode from 'vscode';"],
  ['src/views/rag/x.ts', "import { a } from '../../cli/main';"],
  ['src/cli/commands/x.ts', "import { a } from '../../views/output-logger';"],
  ['src/cli/x.ts', "import * as vscode from 'vscode';"],
  ['src/cli/mcp/x.ts', 'export default function f() {}'],
  ['src/views/x.ts', 'const a = 1; export { a as default };'],
  ['src/views/x.ts', "console.log('hi');"],
  ['test/unit/x.test.ts', 'export default 1;'],
  ['src/views/rag/x.ts', "export const c = 'bigThree.searchCode';"],
  ['src/views/x.ts', "export const v = 'bigThree.voice.focus';"],
  ['test/integration/suites/x.suite.ts', "export const v = 'bigThree.agentPool';"],
  ['src/views/command-ids.ts', "import { a } from '../cli/main';"],
  ['src/cli/commands/x.ts', "import { NodeFileSystem } from '../../adapters/node-file-system'; export const f = new NodeFileSystem();"],
  ['src/views/rag/x.ts', "import { NodeStoreFileSystem } from '../../adapters/node-store-file-system'; export const f = new NodeStoreFileSystem();"],
  ['src/cli/x.ts', "import { NodeFileSystem as Fs } from '../adapters/node-file-system'; export const f = new Fs();"],
  ['src/orchestrator/rag/x.ts', "import type * as nfs from '../../adapters/node-file-system.js'; export type F = nfs.NodeFileSystem;"],
  ['src/adapters/x.ts', "export const m = require('./node-file-system');"],
  ['src/extension.ts', "import { NodeFileSystem } from './adapters/node-file-system'; export const f = new NodeFileSystem();"],
  ['src/adapters/rag-index-worker.ts', "import { a } from '../cli/main';"],
];
const ALLOWED = [
  ['src/adapters/node-ports.ts', "import { nodeFileSystem } from './node-store-file-system'; export const f = nodeFileSystem();"],
  ['src/adapters/rag-index-worker.ts', "import { nodeFileSystem } from './node-store-file-system'; export const f = nodeFileSystem();"],
  ['src/adapters/node-store-file-system.ts', "import { NodeFileSystem } from './node-file-system'; export class S extends NodeFileSystem {}"],
  ['src/views/rag/x.ts', "import * as vscode from 'vscode'; import { a } from '../../orchestrator/rag/index';"],
  ['src/cli/x.ts', "import { a } from '../orchestrator/app/create-big-three'; import { b } from '../adapters/node-ports';"],
  ['src/orchestrator/app/x.ts', "import { a } from '../security/views-of-audit'; import { b } from './cli-args';"],
  ['src/extension.ts', "import * as vscode from 'vscode'; import { a } from './views/vscode-ports';"],
  ['test/unit/x.test.ts', "import { a } from '../../src/views/x'; console.log(a);"],
  ['src/views/command-ids.ts', "export const COMMANDS = { searchCode: 'bigThree.searchCode' } as const;"],
  ['src/views/voice/x.ts', "export const section = 'bigThree.voice.recorderCommand';"],
  ['src/views/voice/x.ts', "import * as vscode from 'vscode'; export const s = vscode.workspace.getConfiguration('bigThree.voice');"],
];

const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { project: null, projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
});
const problems = [];
for (const [expectReport, cases] of [
  [true, REJECTED],
  [false, ALLOWED],
]) {
  for (const [filePath, code] of cases) {
    const [result] = await eslint.lintText(code, { filePath });
    const messages = result?.messages ?? [];
    const fatal = messages.filter((m) => m.fatal);
    if (fatal.length > 0) problems.push(`${filePath}: ${code}\n    parse error: ${fatal[0].message}`);
    else if (expectReport !== messages.length > 0) {
      problems.push(`${filePath}: ${code}\n    expected ${expectReport ? 'a report' : 'none'}, got: ${messages.map((m) => m.ruleId).join(', ') || 'none'}`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`lint rule self-check failed:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`lint rule self-check: ${REJECTED.length} violations reported, ${ALLOWED.length} allowed samples accepted\n`);
