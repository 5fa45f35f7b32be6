import { promises as fs } from 'fs';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import type { SelectionResult } from '../../orchestrator/agents/selection/intelligent-selector';
import type { CliIo } from '../cli-host';
import { UsageError } from '../usage-error';

export interface SelectOptions {
  multiple?: number;
  minScore?: number;
  explain: boolean;
  json: boolean;
}

function choose(core: AgentCore, task: string, options: SelectOptions): SelectionResult[] {
  if (options.multiple) return core.selector.selectMultipleAgents(task, { maxAgents: options.multiple, ...(options.minScore !== undefined ? { minScore: options.minScore } : {}) });
  const best = core.selector.selectBestAgent(task);
  return best ? [best] : [];
}

function asJson(task: string, results: SelectionResult[], explain: boolean): object {
  return {
    task,
    experts: results.map((r) => ({
      id: r.expertId,
      score: r.score,
      normalizedScore: r.normalizedScore,
      confidence: r.confidence,
      ...(explain ? { breakdown: r.breakdown.components } : {}),
    })),
  };
}

export function selectOne(core: AgentCore, io: CliIo, task: string, options: SelectOptions): number {
  const results = choose(core, task, options);
  if (options.json) {
    io.out(JSON.stringify(asJson(task, results, options.explain)));
    return results.length ? 0 : 3;
  }
  if (!results.length) {
    io.err('No expert matched this task: none of its words appear in any expert\'s triggers, description, category or focus areas. Rephrase it with concrete terms (technologies, artefacts).');
    return 3;
  }
  for (const r of results) {
    io.out(`${r.expertId}  score ${r.score}  (normalized ${r.normalizedScore}, confidence ${r.confidence})`);
    if (options.explain) {
      for (const line of core.selector.explainSelection(r.expertId, task).lines.slice(1)) io.out(`    ${line}`);
    }
  }
  return 0;
}

/** One JSON line out per task line in: a line is either a JSON object with "task" or plain text. */
export async function selectFile(core: AgentCore, io: CliIo, file: string, options: SelectOptions): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let failures = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let task: unknown = line;
    if (line.trimStart().startsWith('{')) {
      try {
        task = (JSON.parse(line) as { task?: unknown }).task;
      } catch (error) {
        task = undefined;
      }
    }
    if (typeof task !== 'string' || !task.trim()) {
      failures++;
      io.out(JSON.stringify({ line: i + 1, error: 'expected a JSON object with a string "task" field, or a line of text' }));
      return;
    }
    io.out(JSON.stringify({ line: i + 1, ...asJson(task, choose(core, task, options), options.explain) }));
  });
  return failures ? 1 : 0;
}
