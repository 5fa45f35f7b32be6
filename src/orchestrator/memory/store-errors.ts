// Typed errors of the persistent stores (memory, contexts, event log).
import { BigThreeError } from '../errors';

export class InvalidStoreNameError extends BigThreeError {
  override readonly name: string = 'InvalidStoreNameError';
  constructor(
    readonly kind: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid ${kind} ${JSON.stringify(typeof value === 'string' ? value.slice(0, 80) : value)}: ${reason}.`, 'invalid-store-name');
  }
}

export class StoreLockTimeoutError extends BigThreeError {
  override readonly name: string = 'StoreLockTimeoutError';
  constructor(
    readonly lockFile: string,
    waitedMs: number,
    holder: string,
  ) {
    super(
      `Could not lock ${lockFile} within ${waitedMs} ms; it is held by ${holder}. If no Big Three window or CLI is running, delete the lock file.`,
      'store-lock-timeout',
    );
  }
}

export class StoreDataError extends BigThreeError {
  override readonly name: string = 'StoreDataError';
  constructor(message: string) {
    super(message, 'store-data');
  }
}
