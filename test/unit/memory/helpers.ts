// Shared by the memory, workflow and observability tests: a temp folder and a logger that keeps lines.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RecordingLogger } from '../../fakes/recording-logger';

export { RecordingLogger };

/** Here warnings() counts errors too. */
export function recordingLogger(): RecordingLogger {
  return new RecordingLogger(['warn', 'error']);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
