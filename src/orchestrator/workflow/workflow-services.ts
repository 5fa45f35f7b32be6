// Builds the memory, observability and workflow parts over one storage folder, the same way for
// every host: <storageDir>/workflows (executions), /contexts (long-term contexts), /events (event log).
// Observability is built first (delegation reports to it); the workflow services then get the runner
// and the outcome sink in their constructor.
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
import type { AgentRunner, OutcomeRecorder } from './agent-runner';
import type { WorkflowExecution } from './execution-types';
import { WorkflowExecutor } from './executor';
import { ExecuteOptions, ExecutorPool } from './executor-options';
import type { WorkflowPlan } from './plan-types';
import { PlannerChooser, WorkflowPlanner } from './planner';

export interface WorkflowServicesOptions {
  core: AgentCore;
  /** Who fills in the expert of a planned task without one (the ExpertChooser every surface asks). */
  chooser: PlannerChooser;
  fs: StoreFileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  storageDir: string;
  /** The host's session (a VS Code window, a CLI run): the session id of pool events. */
  sessionId: string;
  observability: Observability;
  /** Runs tasks (the Claude coder; NotConfiguredAgentRunner where no model can run). */
  runner: AgentRunner;
  /** Receives task outcomes; unset where the pool's releases are learned from (createBigThree). */
  outcomes?: OutcomeRecorder;
  maxExecutions?: number;
  /** What workflows acquire instances through (e.g. the security gate); the core's pool by default. */
  pool?: ExecutorPool;
}

export interface Observability {
  events: JsonlEventStore;
  observability: ObservabilityManager;
}

/** The event log in <storageDir>/events and the manager that writes and summarizes it. */
export function createObservability(options: {
  fs: StoreFileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  storageDir: string;
  summarizer?: EventSummarizer;
}): Observability {
  const events = new JsonlEventStore(path.join(options.storageDir, 'events'), { fs: options.fs, clock: options.clock, logger: options.logger });
  return {
    events,
    observability: new ObservabilityManager({
      clock: options.clock,
      logger: options.logger,
      store: events,
      ...(options.summarizer ? { summarizer: options.summarizer } : {}),
    }),
  };
}

export class WorkflowServices implements Disposable {
  readonly session = new SessionMemory();
  readonly workflows: WorkflowMemory;
  readonly contexts: ContextStore;
  readonly events: JsonlEventStore;
  readonly observability: ObservabilityManager;
  readonly planner: WorkflowPlanner;
  readonly runner: AgentRunner;
  private readonly bridge: Disposable;

  constructor(private readonly options: WorkflowServicesOptions) {
    const ports = { fs: options.fs, clock: options.clock, logger: options.logger };
    this.workflows = new WorkflowMemory(
      path.join(options.storageDir, 'workflows'),
      ports,
      options.maxExecutions ? { maxExecutions: options.maxExecutions } : {},
    );
    this.contexts = new ContextStore(path.join(options.storageDir, 'contexts'), ports);
    this.events = options.observability.events;
    this.observability = options.observability.observability;
    this.runner = options.runner;
    this.planner = new WorkflowPlanner({ pool: options.core.pool, chooser: options.chooser }, this.session, {
      clock: options.clock,
      events: { sink: this.observability, sessionId: () => options.sessionId },
    });
    this.bridge = bridgePoolEvents(options.core.pool, this.observability, () => options.sessionId);
  }

  /** `runner` runs this execution with another runner than the configured one. */
  execute(plan: WorkflowPlan, options: ExecuteOptions & { runner?: AgentRunner } = {}): Promise<WorkflowExecution> {
    const { runner, ...rest } = options;
    const executor = new WorkflowExecutor({
      pool: this.options.pool ?? this.options.core.pool,
      runner: runner ?? this.runner,
      clock: this.options.clock,
      logger: this.options.logger,
      memory: this.workflows,
      events: this.observability,
      ...(this.options.outcomes ? { outcomes: this.options.outcomes } : {}),
    });
    return executor.execute(plan, rest);
  }

  async dispose(): Promise<void> {
    this.bridge.dispose();
    await this.observability.dispose();
    this.session.dispose();
  }
}
