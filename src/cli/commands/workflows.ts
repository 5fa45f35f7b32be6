// `big-three workflows`: the recent workflow executions stored in the data folder.
import { executionLine, renderExecutionMarkdown } from '../../orchestrator/workflow/execution-report';
import type { WorkflowExecution } from '../../orchestrator/workflow/execution-types';
import type { CliIo } from '../cli-host';
import type { HeadlessServices } from '../headless-services';
import { UsageError } from '../usage-error';

export async function workflowsCommand(app: HeadlessServices, io: CliIo, rest: string[], options: { limit?: number; json: boolean }): Promise<number> {
  const memory = app.workflow.workflows;
  const [sub = 'list', id, ...extra] = rest;
  if (sub === 'list' && id === undefined) {
    const recent = await memory.getRecent<WorkflowExecution>(options.limit ?? 20);
    if (options.json) {
      io.out(JSON.stringify(recent.map((r) => r.data)));
      return 0;
    }
    if (!recent.length) {
      io.out(
        `No workflow executions in ${memory.storageDir}. Run one with "big-three plan … --run", or pass --data-dir with the folder VS Code logs at start-up.`,
      );
      return 0;
    }
    for (const r of recent) io.out(executionLine(r.data));
    io.out(`${recent.length} of ${await memory.count()} stored executions (${memory.storageDir})`);
    return 0;
  }
  if (sub === 'show' && id !== undefined && extra.length === 0) {
    const stored = await memory.getExecution<WorkflowExecution>(id);
    if (!stored) {
      io.err(`big-three: no stored workflow execution "${id}" in ${memory.storageDir}`);
      return 1;
    }
    io.out(options.json ? JSON.stringify(stored.data) : renderExecutionMarkdown(stored.data));
    return 0;
  }
  throw new UsageError('expected "workflows [list]" or "workflows show ID"');
}
