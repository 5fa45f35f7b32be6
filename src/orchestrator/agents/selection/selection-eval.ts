// Measures selection on labelled tasks ({"task","expert","acceptable"} per line): top-1 counts the
// labelled expert or any acceptable one; so does top-3.
import { InvalidArgumentError } from '../../errors';
import { parseJsonLines } from '../../text/json-lines';
import { type IntelligentAgentSelector, taskProblem } from './intelligent-selector';

export interface LabelledTask {
  task: string;
  expert: string;
  acceptable: string[];
}

export interface EvalMiss {
  task: string;
  expected: string[];
  got: string[];
}

export interface SelectionEvalReport {
  total: number;
  top1: number;
  top3: number;
  top1Accuracy: number;
  top3Accuracy: number;
  misses: EvalMiss[];
}

export function parseLabelledTasks(text: string, source = 'input'): LabelledTask[] {
  return parseJsonLines(text, source).map(({ line, value }) => {
    const record = value as Partial<LabelledTask> | null;
    if (typeof record?.task !== 'string' || typeof record.expert !== 'string') {
      throw new InvalidArgumentError(`${source}:${line}: each line needs string fields "task" and "expert"`);
    }
    const problem = taskProblem(record.task);
    if (problem) throw new InvalidArgumentError(`${source}:${line}: ${problem}`);
    const acceptable = record.acceptable ?? [];
    if (!Array.isArray(acceptable) || acceptable.some((a) => typeof a !== 'string')) {
      throw new InvalidArgumentError(`${source}:${line}: "acceptable" must be a list of expert ids`);
    }
    return { task: record.task, expert: record.expert, acceptable };
  });
}

export function evaluateSelection(selector: IntelligentAgentSelector, tasks: readonly LabelledTask[]): SelectionEvalReport {
  let top1 = 0;
  let top3 = 0;
  const misses: EvalMiss[] = [];
  for (const item of tasks) {
    const expected = [item.expert, ...item.acceptable];
    const ranked = selector
      .rank(item.task)
      .slice(0, 3)
      .map((r) => r.expertId);
    if (ranked[0] !== undefined && expected.includes(ranked[0])) top1++;
    else misses.push({ task: item.task, expected, got: ranked });
    if (ranked.some((id) => expected.includes(id))) top3++;
  }
  const total = tasks.length;
  return {
    total,
    top1,
    top3,
    top1Accuracy: total ? top1 / total : 0,
    top3Accuracy: total ? top3 / total : 0,
    misses,
  };
}
