// The agent pool's privileged operations behind the gate, for every host (VS Code commands, CLI, MCP).
import type { AgentPoolManager } from '../agents/pool-manager';
import type { AcquireOptions, AgentInstance, TaskResult } from '../agents/pool-types';
import { requirePermission } from './require-permission';
import type { SecurityGate } from './security-gate';

export class SecuredPool {
  constructor(
    readonly gate: SecurityGate,
    private readonly pool: AgentPoolManager,
  ) {}

  @requirePermission('agent.acquire', (principal: string, expertId: string, task: string) => ({
    principal,
    resource: expertId,
    payload: task,
    details: { task: task.slice(0, 300) },
  }))
  async acquire(_principal: string, expertId: string, task: string, options?: AcquireOptions): Promise<Readonly<AgentInstance>> {
    return this.pool.acquireExpert(expertId, task, options);
  }

  @requirePermission('agent.command', (principal: string, instanceId: string, task?: string) => ({
    principal,
    resource: instanceId,
    ...(task !== undefined ? { payload: task } : {}),
  }))
  async markWorking(_principal: string, instanceId: string, task?: string): Promise<Readonly<AgentInstance>> {
    return this.pool.markWorking(instanceId, task);
  }

  @requirePermission('agent.release', (principal: string, instanceId: string) => ({ principal, resource: instanceId }))
  async release(_principal: string, instanceId: string, result?: TaskResult): Promise<Readonly<AgentInstance>> {
    return this.pool.releaseInstance(instanceId, result);
  }

  @requirePermission('agent.terminate', (principal: string, instanceId: string) => ({ principal, resource: instanceId }))
  async terminate(_principal: string, instanceId: string, reason?: string): Promise<Readonly<AgentInstance>> {
    return this.pool.terminateInstance(instanceId, reason);
  }
}
