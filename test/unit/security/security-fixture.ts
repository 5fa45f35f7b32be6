// Shared set-up of the security unit tests: a real data folder and workspace in a temp dir, the real
// Node file system and realpath, a FakeClock and a scripted approval port.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { runCli } from '../../../src/cli/main';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import type { ExpertTool } from '../../../src/orchestrator/agents/expert-definition';
import type { ApprovalPort, ApprovalRequest, FileReader } from '../../../src/orchestrator/ports';
import { silentLogger } from '../../../src/orchestrator/ports';
import { SecurityCore, SecuritySettings, createSecurityCore } from '../../../src/orchestrator/security/security-core';
import { FakeClock } from '../../fakes/fake-clock';

export const LOCAL = 'local:tester';

export const EXPERT_TOOLS: Record<string, ExpertTool[]> = {
  'code-reviewer': ['read_file', 'list_files', 'search_code', 'run_command', 'run_tests'],
  'backend-architect': ['read_file', 'write_file', 'edit_file', 'list_files', 'search_code', 'run_command', 'run_tests'],
  'qa-expert': ['read_file', 'write_file', 'edit_file', 'run_tests', 'browser'],
};

export class ScriptedApproval implements ApprovalPort {
  readonly requests: ApprovalRequest[] = [];
  constructor(public answer: boolean) {}
  async requestApproval(request: ApprovalRequest): Promise<boolean> {
    this.requests.push(request);
    return this.answer;
  }
}

export interface Fixture {
  tmp: string;
  dataDir: string;
  workspace: string;
  clock: FakeClock;
  approval: ScriptedApproval;
  security: SecurityCore;
  cleanup(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export async function makeFixture(settings: Partial<SecuritySettings> = {}, approve = false): Promise<Fixture> {
  const tmp = tempDir('bt-sec-');
  const dataDir = path.join(tmp, 'data');
  const workspace = path.join(tmp, 'ws');
  fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'src', 'a.ts'), 'export const a = 1;\n');
  const clock = new FakeClock(Date.UTC(2025, 0, 15, 12));
  const approval = new ScriptedApproval(approve);
  const security = await createSecurityCore({
    fs: new NodeFileSystem(),
    clock,
    logger: silentLogger,
    realPath: nodeRealPath,
    dataDir,
    localPrincipal: LOCAL,
    workspaceRoots: [workspace],
    expertTools: (id) => EXPERT_TOOLS[id],
    approval,
    settings,
  });
  return {
    tmp,
    dataDir,
    workspace,
    clock,
    approval,
    security,
    async cleanup() {
      await security.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Command auto-approve on: what the gate itself decides about agents' commands is what a test reads. */
export const COMMANDS_AUTO_APPROVED: Partial<SecuritySettings> = { autoApprove: { global: { command: true }, perExpert: {} } };

/** A fresh fixture for each test of the enclosing describe, cleaned up after it; read through the function returned. */
export function fixturePerTest(settings: Partial<SecuritySettings> = {}): () => Fixture {
  let current: Fixture | undefined;
  beforeEach(async () => (current = await makeFixture(settings)));
  afterEach(() => current?.cleanup());
  return () => current!;
}

/** A seeded PRNG (mulberry32) so fuzz failures reproduce. */
export { seededRandom } from '../../../src/orchestrator/seeded-random';

/**
 * Runs the CLI in this process with BIG_THREE_LOCAL_ROLE set to `role` (restored after), the shipped
 * experts, `dataDir` and `workspace` (the data folder itself unless given); returns its exit code and output.
 */
export async function runCliAs(
  role: string,
  dataDir: string,
  args: readonly string[],
  workspace = dataDir,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved = process.env.BIG_THREE_LOCAL_ROLE;
  process.env.BIG_THREE_LOCAL_ROLE = role;
  try {
    const code = await runCli(
      [...args, '--agents', path.join(path.resolve(__dirname, '..', '..', '..', '..'), 'agentpool'), '--workspace', workspace, '--data-dir', dataDir],
      {
        out: (t) => (out += `${t}\n`),
        err: (t) => (err += `${t}\n`),
      },
    );
    return { code, out, err };
  } finally {
    if (saved === undefined) delete process.env.BIG_THREE_LOCAL_ROLE;
    else process.env.BIG_THREE_LOCAL_ROLE = saved;
  }
}

/** A reader that reports the bytes each read returns. */
export function countingReader(reader: FileReader | undefined, count: (bytes: number) => void): FileReader | undefined {
  if (!reader) return undefined;
  return {
    size: reader.size,
    read: async (start, length) => {
      const bytes = await reader.read(start, length);
      count(bytes.length);
      return bytes;
    },
    close: () => reader.close(),
  };
}
