// Workflows acquire, command and release instances through the security gate, as the local user.
import type { SecuredPool } from '../security/secured-pool';
import type { ExecutorPool } from './executor-options';

export function securedExecutorPool(pool: SecuredPool, principal: () => string): ExecutorPool {
  return {
    acquireExpert: (expertId, task, options) => pool.acquire(principal(), expertId, task, options),
    markWorking: (instanceId, task) => pool.markWorking(principal(), instanceId, task),
    releaseInstance: (instanceId, result) => pool.release(principal(), instanceId, result),
  };
}
