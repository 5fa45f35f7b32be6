// How a failed command is told on stderr, and its exit code (shared by the CLI's entry points).
import { BigThreeError } from '../orchestrator/errors';
import type { CliIo } from './cli-host';
import { describeFileError } from './file-error-message';
import { UsageError } from './usage-error';

export function reportCliError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.err(`big-three: ${error.message}\nRun "big-three --help" for usage.`);
    return 2;
  }
  if (error instanceof BigThreeError) {
    io.err(`big-three: ${error.message}`);
    return 1;
  }
  const fileProblem = describeFileError(error);
  if (fileProblem) {
    io.err(`big-three: ${fileProblem}`);
    return 1;
  }
  io.err(`big-three: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
  return 1;
}
