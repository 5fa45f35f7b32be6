// Builds the memory, observability and workflow parts over one storage folder, the same way for
// every host: <storageDir>/workflows (executions), /contexts (long-term contexts), /events (event log).
import * as path from 'path';
import type { ClockPort, Disposable, LoggerPort } from '../ports';
import type { AgentCore } from '../agents/agent-core';
import { ContextStore } from '../memory/context-store';
import { SessionMemory } from '../memory/session-memory';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import { WorkflowMemory } from '../memory/workflow-memory';
import { JsonlEventStore } from '../observability/event-store';
import type { EventSummarizer } from '../observability/event-summary';
import { ObservabilityManager } from '../observability/observability-manager';
import { bridgePoolEvents } from '../observability/pool-event-bridge';
import { AgentRunner, NotConfiguredAgentRunner, OutcomeRecorder } from './agent-runner';
import type { WorkflowExecution } from './execution-types';
import { ExecuteOptions, ExecutorPool, WorkflowExecutor } from './executor';
import type { WorkflowPlan } from './plan-types';
import { WorkflowPlanner } from './planner';

export interface WorkflowServicesOptions {
  core: AgentCore;
  fs: StoreFileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  storageDir: string;
  /** The host's session (a VS Code window, a CLI run): the session id of pool events. */
  sessionId: string;
  summarizer?: EventSummarizer;
  maxExecutions?: number;
  /** What workflows acquire instances through (e.g. the security gate); the core's pool by default. */
  pool?: ExecutorPool;
}

export class WorkflowServices implements Disposable {
  readonly session = new SessionMemory();
  readonly workflows: WorkflowMemory;
  readonly contexts: ContextStore;
  readonly events: JsonlEventStore;
  readonly observability: ObservabilityManager;
  readonly planner: WorkflowPlanner;
  /** Runs tasks; replaced by the Claude delegate once a coding model is configured. */
  runner: AgentRunner = new NotConfiguredAgentRunner();
  /** Receives task outcomes; set by the learning manager. */
  outcomes: OutcomeRecorder | undefined;
  private readonly bridge: Disposable;

  constructor(private readonly options: WorkflowServicesOptions) {
    const ports = { fs: options.fs, clock: options.clock, logger: options.logger };
    this.workflows = new WorkflowMemory(path.join(options.storageDir, 'workflows'), ports, options.maxExecutions ? { maxExecutions: options.maxExecutions } : {});
    this.contexts = new ContextStore(path.join(options.storageDir, 'contexts'), ports);
    this.events = new JsonlEventStore(path.join(options.storageDir, 'events'), ports);
    this.observability = new ObservabilityManager({ clock: options.clock, logger: options.logger, store: this.events, ...(options.summarizer ? { summarizer: options.summarizer } : {}) });
    this.planner = new WorkflowPlanner(options.core, this.session, { clock: options.clock });
    this.bridge = bridgePoolEvents(options.core.pool, this.observability, () => options.sessionId);
  }

  execute(plan: WorkflowPlan, options: ExecuteOptions = {}): Promise<WorkflowExecution> {
    const executor = new WorkflowExecutor({
      pool: this.options.pool ?? this.options.core.pool,
      runner: this.runner,
      clock: this.options.clock,
      logger: this.options.logger,
      memory: this.workflows,
      events: this.observability,
      ...(this.outcomes ? { outcomes: this.outcomes } : {}),
    });
    return executor.execute(plan, options);
  }

  async dispose(): Promise<void> {
    this.bridge.dispose();
    await this.observability.dispose();
    this.session.dispose();
  }
}
