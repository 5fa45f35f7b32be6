import { promises as fs } from 'fs';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { evaluateSelection, parseLabelledTasks } from '../../orchestrator/agents/selection/selection-eval';
import type { CliIo } from '../cli-host';
import type { LearnedSelector } from '../../orchestrator/learning/learned-selector';
import type { LabelledTask } from '../../orchestrator/agents/selection/selection-eval';
import { UsageError } from '../usage-error';

/** Top-1/top-3 of the upgraded selector (definitions + similarity, and history when asked). */
async function evaluateLearned(learned: LearnedSelector, tasks: readonly LabelledTask[]): Promise<{ top1Accuracy: number; top3Accuracy: number }> {
  let top1 = 0;
  let top3 = 0;
  for (const item of tasks) {
    const expected = [item.expert, ...item.acceptable];
    const ranked = (await learned.rank(item.task)).slice(0, 3).map((c) => c.expertId);
    if (expected.includes(ranked[0]!)) top1++;
    if (ranked.some((id) => expected.includes(id))) top3++;
  }
  return { top1Accuracy: tasks.length ? top1 / tasks.length : 0, top3Accuracy: tasks.length ? top3 / tasks.length : 0 };
}

export async function evalSelection(core: AgentCore, io: CliIo, file: string, json: boolean, showMisses: boolean, learned?: LearnedSelector, withHistory = false): Promise<number> {
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
  if (learned && !withHistory && learned.hasHistory()) learned = learned.withoutHistory();
  const upgraded = learned ? await evaluateLearned(learned, tasks) : undefined;
  if (json) {
    io.out(JSON.stringify({ file, ...report, misses: showMisses ? report.misses : report.misses.length, ...(upgraded ? { combined: { ...upgraded, history: withHistory } } : {}) }));
    return 0;
  }
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  io.out(`tasks: ${report.total}`);
  io.out(`top-1 accuracy: ${pct(report.top1Accuracy)} (${report.top1}/${report.total})   [keyword scoring alone]`);
  io.out(`top-3 accuracy: ${pct(report.top3Accuracy)} (${report.top3}/${report.total})   [keyword scoring alone]`);
  if (upgraded) {
    const label = `definitions + similarity${withHistory ? ' + learned history' : ', no history'} (${learned!.similarity.embedder.id})`;
    io.out(`top-1 accuracy: ${pct(upgraded.top1Accuracy)}   [${label}]`);
    io.out(`top-3 accuracy: ${pct(upgraded.top3Accuracy)}   [${label}]`);
  }
  if (showMisses) {
    for (const miss of report.misses) io.out(`  miss: ${miss.task}\n        expected ${miss.expected.join('|')}, got ${miss.got.join(', ') || 'nothing'}`);
  }
  return 0;
}
