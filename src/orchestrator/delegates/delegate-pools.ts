// The two ways the delegation service reaches the agent pool: directly (tests, trusted hosts) or
// through the security gate's SecuredPool as a principal (VS Code, the CLI), so acquiring, starting
// and releasing an instance are authorized and audited like any other pool action.
import type { AgentPoolManager } from '../agents/pool-manager';
import type { SecuredPool } from '../security/secured-pool';
import type { DelegatePool } from './delegation-service';

export function directPool(pool: AgentPoolManager): DelegatePool {
  return {
    acquire: (expertId, task) => pool.acquireExpert(expertId, task),
    markWorking: async (instanceId, task) => pool.markWorking(instanceId, task),
    release: async (instanceId, result) => pool.releaseInstance(instanceId, result),
  };
}

export function securedDelegatePool(secured: SecuredPool, principal: () => string): DelegatePool {
  return {
    acquire: (expertId, task) => secured.acquire(principal(), expertId, task),
    markWorking: (instanceId, task) => secured.markWorking(principal(), instanceId, task),
    release: (instanceId, result) => secured.release(principal(), instanceId, result),
  };
}
