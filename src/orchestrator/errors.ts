// Typed errors of the core. Hosts show `message` to users, so every message says what went wrong
// and, where it can, what to do about it.

export class BigThreeError extends Error {
  override readonly name: string = 'BigThreeError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class UnknownExpertError extends BigThreeError {
  override readonly name: string = 'UnknownExpertError';
  constructor(
    readonly expertId: string,
    known: readonly string[],
  ) {
    const hint = known.length ? ` Known experts: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}.` : ' No experts are loaded.';
    super(`Unknown expert "${expertId}".${hint}`, 'unknown-expert');
  }
}

export class UnknownInstanceError extends BigThreeError {
  override readonly name: string = 'UnknownInstanceError';
  constructor(readonly instanceId: string) {
    super(`No agent instance "${instanceId}" exists in the pool.`, 'unknown-instance');
  }
}

export class IllegalTransitionError extends BigThreeError {
  override readonly name: string = 'IllegalTransitionError';
  constructor(
    readonly instanceId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`Agent instance ${instanceId} cannot go from ${from.toUpperCase()} to ${to.toUpperCase()}.`, 'illegal-transition');
  }
}

export class PoolCapacityError extends BigThreeError {
  override readonly name: string = 'PoolCapacityError';
  constructor(message: string) {
    super(message, 'pool-capacity');
  }
}

export class InvalidArgumentError extends BigThreeError {
  override readonly name: string = 'InvalidArgumentError';
  constructor(message: string) {
    super(message, 'invalid-argument');
  }
}
