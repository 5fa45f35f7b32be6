import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { LabelledTask, evaluateSelection, parseLabelledTasks } from '../../orchestrator/agents/selection/selection-eval';
import { taskProblem } from '../../orchestrator/agents/selection/intelligent-selector';
import type { ExpertChooser } from '../../orchestrator/learning/expert-chooser';
import { LearningManager } from '../../orchestrator/learning/learning-manager';
import { FeedbackKind, checkSimulationOptions, simulateLearning } from '../../orchestrator/learning/learning-simulation';
import { InvalidArgumentError } from '../../orchestrator/errors';
import { type FileSystemPort, silentLogger, systemClock } from '../../orchestrator/ports';
import { parseJsonLines } from '../../orchestrator/text/json-lines';
import { type ParsedArgs, stringOption } from '../args';
import type { CliIo } from '../cli-host';
import { UsageError } from '../usage-error';

async function readLabelled(core: AgentCore, io: CliIo, file: string): Promise<LabelledTask[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const tasks = parseLabelledTasks(text, file);
  if (!tasks.length) throw new InvalidArgumentError(`${file}: no labelled tasks (an empty file, or blank lines only)`);
  const unknown = [...new Set(tasks.flatMap((t) => [t.expert, ...t.acceptable]))].filter((id) => !core.catalog.find(id));
  if (unknown.length) io.err(`warning: labels name experts that are not loaded: ${unknown.join(', ')}`);
  return tasks;
}

/** Top-1/top-3 of the chooser's ranking (the one every surface shows). */
async function evaluateChooser(chooser: ExpertChooser, tasks: readonly LabelledTask[], useHistory: boolean) {
  let top1 = 0;
  let top3 = 0;
  const misses: Array<{ task: string; expected: string[]; got: string[] }> = [];
  for (const item of tasks) {
    const expected = [item.expert, ...item.acceptable];
    const ranked = (await chooser.rank(item.task, { useHistory })).slice(0, 3).map((c) => c.expertId);
    if (ranked[0] !== undefined && expected.includes(ranked[0])) top1++;
    else misses.push({ task: item.task, expected, got: ranked });
    if (ranked.some((id) => expected.includes(id))) top3++;
  }
  const total = tasks.length;
  return { total, top1, top3, top1Accuracy: total ? top1 / total : 0, top3Accuracy: total ? top3 / total : 0, misses };
}

/**
 * `eval selection FILE`: top-1/top-3 of the chooser (definitions, similarity; learned history only
 * with --history), and the seed's scorer beside it for comparison.
 */
export async function evalSelection(
  core: AgentCore,
  chooser: ExpertChooser,
  io: CliIo,
  file: string,
  json: boolean,
  showMisses: boolean,
  withHistory = false,
): Promise<number> {
  const tasks = await readLabelled(core, io, file);
  const report = await evaluateChooser(chooser, tasks, withHistory);
  const seed = evaluateSelection(core.selector.withMode('seed'), tasks);
  if (json) {
    io.out(
      JSON.stringify({
        file,
        ranking: chooser.ranker.mode,
        history: withHistory,
        ...report,
        misses: showMisses ? report.misses : report.misses.length,
        seed: { top1Accuracy: seed.top1Accuracy, top3Accuracy: seed.top3Accuracy },
      }),
    );
    return 0;
  }
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  io.out(`tasks: ${report.total}`);
  io.out(
    `top-1 accuracy: ${pct(report.top1Accuracy)} (${report.top1}/${report.total})   [${chooser.ranker.mode}${withHistory ? ' + learned history' : ', no history'}]`,
  );
  io.out(`top-3 accuracy: ${pct(report.top3Accuracy)} (${report.top3}/${report.total})`);
  io.out(`seed scorer for comparison: top-1 ${pct(seed.top1Accuracy)}, top-3 ${pct(seed.top3Accuracy)}`);
  if (showMisses) {
    for (const miss of report.misses) io.out(`  miss: ${miss.task}\n        expected ${miss.expected.join('|')}, got ${miss.got.join(', ') || 'nothing'}`);
  }
  return 0;
}

export interface EvalLearningOptions {
  epochs: number;
  split: number;
  seed: number;
  feedback: FeedbackKind;
  noise: number;
  json: boolean;
}

/**
 * `eval learning FILE`: the learning simulation over a fresh, isolated outcome store (a temporary
 * folder, removed afterwards), with the same chooser configuration as every surface.
 */
export async function evalLearning(
  core: AgentCore,
  configured: ExpertChooser,
  files: FileSystemPort,
  io: CliIo,
  file: string,
  options: EvalLearningOptions,
): Promise<number> {
  const tasks = (await readLabelled(core, io, file)).filter((t) => core.catalog.find(t.expert));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'big-three-eval-learning-'));
  try {
    const learning = new LearningManager({ fs: files, clock: systemClock, logger: silentLogger, dataDir: dir });
    await learning.initialize();
    const chooser = configured.withLearning(learning, { persist: false });
    const { json: _json, ...simulation } = options;
    const report = await simulateLearning(chooser, tasks, simulation);
    chooser.dispose();
    if (options.json) {
      io.out(JSON.stringify(report));
      return 0;
    }
    const f = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
    io.out(
      `tasks: ${report.tasks.train} train, ${report.tasks.heldout} held out; feedback ${options.feedback}${options.noise ? ` (noise ${options.noise})` : ''}`,
    );
    io.out(`baseline: train ${f(report.baseline.train)}, held-out ${f(report.baseline.heldout)}`);
    for (const e of report.epochs) io.out(`epoch ${e.epoch}: online ${f(e.online)}, train ${f(e.train)}, held-out ${f(e.heldout)}`);
    return 0;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Reads --epochs, --split, --seed, --feedback and --noise (validated again by the simulation). */
export function learningEvalOptions(args: ParsedArgs, json: boolean): EvalLearningOptions {
  const number = (name: string, fallback?: number): number => {
    const raw = stringOption(args, name);
    if (raw === undefined) {
      if (fallback === undefined) throw new UsageError(`--${name} is required`);
      return fallback;
    }
    // Decimal only: Number() reads "" and " " as 0 and "0x2" as 2 (a fuzzer's finding, stop 29).
    if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw)) throw new UsageError(`--${name} must be a number, not "${raw}"`);
    return Number(raw);
  };
  const feedback = stringOption(args, 'feedback') ?? 'outcome';
  if (feedback !== 'outcome' && feedback !== 'correction') throw new UsageError(`--feedback must be "outcome" or "correction", not "${feedback}"`);
  const options = { epochs: number('epochs'), split: number('split', 0), seed: number('seed', 1), feedback, noise: number('noise', 0) } as const;
  try {
    checkSimulationOptions(options); // out of range is wrong usage (exit 2), as a value that is no number is
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(error.message);
    throw error;
  }
  return { ...options, json };
}

/**
 * `eval teams FILE`: lines {"task", "required": [ids]}; the chooser picks a team of N = required.length
 * (as `select --multiple N` does) and recall counts the required experts it contains.
 */
export async function evalTeams(core: AgentCore, chooser: ExpertChooser, io: CliIo, file: string, json: boolean, showMisses: boolean): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let found = 0;
  let required = 0;
  let exact = 0;
  const misses: Array<{ task: string; required: string[]; got: string[] }> = [];
  const lines = parseJsonLines(text, file);
  if (!lines.length) throw new InvalidArgumentError(`${file}: no teams (an empty file, or blank lines only)`);
  for (const { line, value } of lines) {
    const item = (value ?? {}) as { task?: unknown; required?: unknown };
    if (
      typeof item !== 'object' ||
      typeof item.task !== 'string' ||
      !Array.isArray(item.required) ||
      !item.required.length ||
      item.required.some((r) => typeof r !== 'string')
    ) {
      throw new UsageError(`${file}:${line}: each line needs "task" and "required" (ids of loaded experts)`);
    }
    // The id that is not loaded is named (the line had both fields, and the message said they were missing).
    const unknown = (item.required as string[]).find((r) => !core.catalog.find(r));
    if (unknown !== undefined) throw new UsageError(`${file}:${line}: "required" names ${JSON.stringify(unknown)}, which is no loaded expert`);
    const problem = taskProblem(item.task);
    if (problem) throw new UsageError(`${file}:${line}: ${problem}`);
    const want = item.required as string[];
    const repeated = want.find((id, i) => want.indexOf(id) !== i);
    if (repeated) throw new UsageError(`${file}:${line}: "required" names ${repeated} more than once (a team counts each expert once)`);
    const got = (await chooser.selectMultiple(item.task, want.length)).map((c) => c.expertId);
    const hits = want.filter((id) => got.includes(id)).length;
    found += hits;
    required += want.length;
    if (hits === want.length) exact++;
    else misses.push({ task: item.task, required: want, got });
  }
  const report = { file, teams: lines.length, recall: required ? found / required : 0, exact, misses: showMisses ? misses : misses.length };
  if (json) io.out(JSON.stringify(report));
  else {
    io.out(
      `teams: ${lines.length}; recall at N = team size: ${(report.recall * 100).toFixed(1)}% (${found}/${required}); exact teams: ${exact}/${lines.length}`,
    );
    if (showMisses) for (const m of misses) io.out(`  miss: ${m.task}\n        required ${m.required.join(', ')}, got ${m.got.join(', ')}`);
  }
  return 0;
}
