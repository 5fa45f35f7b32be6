import { promises as fs } from 'fs';
import type { SelectionMode } from '../../orchestrator/agents/selection/scoring';
import type { ExpertChooser, TeamVotes } from '../../orchestrator/learning/expert-chooser';
import { type OwnHistoryDisclosure, disclosedSignals, rankingOptions } from '../../orchestrator/learning/history-disclosure';
import { describeTeamVotes } from '../../orchestrator/learning/team-composition';
import type { CliIo } from '../cli-host';
import { jsonLines } from '../../orchestrator/text/json-lines';
import { BigThreeError, InvalidArgumentError } from '../../orchestrator/errors';
import { UsageError } from '../usage-error';

export interface SelectOptions {
  multiple?: number;
  minScore?: number;
  explain: boolean;
  json: boolean;
  /** "seed": the seed's keyword scorer alone, for comparison; default: the chooser every surface uses. */
  mode?: SelectionMode;
  /** 'withheld' (the local role may not read what was learned): ranked and explained without the task's own history. */
  ownHistory?: OwnHistoryDisclosure;
}

export function parseMode(value: string | undefined): SelectionMode | undefined {
  if (value === undefined) return undefined;
  if (value !== 'bm25' && value !== 'seed') throw new UsageError(`--mode must be "bm25" or "seed", not "${value}"`);
  return value;
}

interface Row {
  id: string;
  score: number;
  normalizedScore: number;
  probability: number;
  explanation: () => Promise<string[]>;
  signals?: ReturnType<typeof disclosedSignals>;
  team?: TeamVotes;
}

async function choose(chooser: ExpertChooser, task: string, options: SelectOptions): Promise<Row[]> {
  if (options.mode === 'seed') {
    const seed = chooser.ranker.withMode('seed');
    const ranked = seed
      .rank(task)
      .slice(0, options.multiple ?? 1)
      .filter((r, i) => i === 0 || r.normalizedScore >= (options.minScore ?? 0.15));
    return ranked.map((r) => ({
      id: r.expertId,
      score: r.score,
      normalizedScore: r.normalizedScore,
      probability: r.confidence,
      explanation: async () => seed.explainSelection(r.expertId, task).lines.slice(1),
    }));
  }
  const history = options.ownHistory ?? 'shown';
  const ranking = rankingOptions(history);
  const ranked = options.multiple
    ? await chooser.selectMultiple(task, options.multiple, options.minScore ?? 0.15, ranking)
    : (await chooser.rank(task, ranking)).slice(0, 1);
  return ranked.map((c) => ({
    id: c.expertId,
    score: Math.round(c.signals.keyword.score * 1000) / 1000,
    normalizedScore: c.signals.keyword.normalized,
    probability: Math.round(c.probability * 1000) / 1000,
    signals: disclosedSignals(c.signals, history),
    ...(c.team ? { team: c.team } : {}),
    explanation: async () => [...(c.team ? [describeTeamVotes(c.team)] : []), ...(await chooser.explain(c.expertId, task, { ownHistory: history })).lines],
  }));
}

async function asJson(task: string, rows: Row[], explain: boolean): Promise<object> {
  const experts = [];
  for (const r of rows) {
    experts.push({
      id: r.id,
      score: r.score,
      normalizedScore: r.normalizedScore,
      probability: r.probability,
      // A team member's votes are part of the answer (README), not only of its explanation.
      ...(r.team ? { team: r.team } : {}),
      ...(explain ? { ...(r.signals ? { signals: r.signals } : {}), explanation: await r.explanation() } : {}),
    });
  }
  return { task, experts };
}

export async function selectOne(chooser: ExpertChooser, io: CliIo, task: string, options: SelectOptions): Promise<number> {
  const rows = await choose(chooser, task, options);
  if (options.json) {
    io.out(JSON.stringify(await asJson(task, rows, options.explain)));
    return rows.length ? 0 : 3;
  }
  if (!rows.length && !chooser.expertCount) {
    io.err('No experts are loaded: the expert folders hold no readable definition (run "big-three experts list" to see each file\'s problems).');
    return 3;
  }
  if (!rows.length) {
    io.err(
      "No expert matched this task: none of its words appear in any expert's definition, and no recorded outcome applies. Rephrase it with concrete terms (technologies, artefacts, symptoms).",
    );
    return 3;
  }
  for (const r of rows) {
    io.out(`${r.id}  score ${r.score}  (normalized ${r.normalizedScore}, probability ${r.probability})`);
    if (options.explain) for (const line of await r.explanation()) io.out(`    ${line}`);
  }
  return 0;
}

/** One JSON line out per task line in: a line is either a JSON object with "task" or plain text. */
export async function selectFile(chooser: ExpertChooser, io: CliIo, file: string, options: SelectOptions): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const lines = jsonLines(text);
  // An empty file answered nothing with exit 0, as if every task had been chosen for.
  if (!lines.length) throw new InvalidArgumentError(`${file}: no tasks (an empty file, or blank lines only)`);
  let failures = 0;
  for (const { line: number, text: line } of lines) {
    let task: unknown = line;
    if (line.trimStart().startsWith('{')) {
      try {
        task = (JSON.parse(line) as { task?: unknown }).task;
      } catch {
        task = undefined;
      }
    }
    if (typeof task !== 'string' || !task.trim()) {
      failures++;
      io.out(JSON.stringify({ line: number, error: 'expected a JSON object with a string "task" field, or a line of text' }));
      continue;
    }
    try {
      io.out(JSON.stringify({ line: number, ...(await asJson(task, await choose(chooser, task, options), options.explain)) }));
    } catch (error) {
      // A task the chooser refuses (too long…) is that line's error; the other lines still get their answer.
      if (!(error instanceof BigThreeError || error instanceof UsageError)) throw error;
      failures++;
      io.out(JSON.stringify({ line: number, error: error.message }));
    }
  }
  return failures ? 1 : 0;
}
