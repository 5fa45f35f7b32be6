// Workflows acquire, command and release instances through the security gate, as the local user.
import type { SecuredPool } from '../../orchestrator/security/secured-pool';
import type { ExecutorPool } from '../../orchestrator/workflow/executor';

export interface SecuredPoolAccess {
  pool: SecuredPool;
  principal: () => string;
}

export function securedExecutorPool(access: SecuredPoolAccess): ExecutorPool {
  return {
    acquireExpert: (expertId, task, options) => access.pool.acquire(access.principal(), expertId, task, options),
    markWorking: (instanceId, task) => access.pool.markWorking(access.principal(), instanceId, task),
    releaseInstance: (instanceId, result) => access.pool.release(access.principal(), instanceId, result),
  };
}
