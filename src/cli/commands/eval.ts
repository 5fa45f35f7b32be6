import { promises as fs } from 'fs';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { evaluateSelection, parseLabelledTasks } from '../../orchestrator/agents/selection/selection-eval';
import type { CliIo } from '../cli-host';
import { UsageError } from '../usage-error';

export async function evalSelection(core: AgentCore, io: CliIo, file: string, json: boolean, showMisses: boolean): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const tasks = parseLabelledTasks(text, file);
  const unknown = [...new Set(tasks.flatMap((t) => [t.expert, ...t.acceptable]))].filter((id) => !core.catalog.find(id));
  if (unknown.length) io.err(`warning: labels name experts that are not loaded: ${unknown.join(', ')}`);
  const report = evaluateSelection(core.selector, tasks);
  if (json) {
    io.out(JSON.stringify({ file, ...report, misses: showMisses ? report.misses : report.misses.length }));
    return 0;
  }
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  io.out(`tasks: ${report.total}`);
  io.out(`top-1 accuracy: ${pct(report.top1Accuracy)} (${report.top1}/${report.total})`);
  io.out(`top-3 accuracy: ${pct(report.top3Accuracy)} (${report.top3}/${report.total})`);
  if (showMisses) {
    for (const miss of report.misses) io.out(`  miss: ${miss.task}\n        expected ${miss.expected.join('|')}, got ${miss.got.join(', ') || 'nothing'}`);
  }
  return 0;
}
