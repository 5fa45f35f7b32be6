// Loaded by mocha before any test file (.mocharc.json "require"): every temporary folder the unit tests
// and the processes they start make (os.tmpdir() reads TMPDIR on each call) lands in one scratch folder
// of this run, removed when the run ends, passed or failed. Nothing is left behind in the system's /tmp.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-unit-'));
process.env.TMPDIR = scratch;

export function mochaGlobalTeardown(): void {
  fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}
