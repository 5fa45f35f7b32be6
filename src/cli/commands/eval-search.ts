// `big-three eval search FILE [--json]`: file-level recall@1, recall@5 and MRR@10 of code search over
// the index of --workspace (plus function-level figures for questions with gold_lines).
import { promises as fs } from 'fs';
import * as path from 'path';
import { type SearchQuestion, evaluateSearch, parseSearchQuestions } from '../../orchestrator/rag/search-eval';
import type { CliIo } from '../cli-host';
import { UsageError } from '../usage-error';
import { nothingIndexed, openRagService, type RagCliOptions } from './rag-commands';
import { staysInside } from '../../orchestrator/path-inside';

/** Results fetched per question: enough chunks to rank well past ten distinct files. */
const RESULTS_PER_QUESTION = 50;

export async function evalSearch(io: CliIo, file: string, workspace: string, showMisses: boolean, options: RagCliOptions): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const questions = parseSearchQuestions(text, file);
  const rag = await openRagService(workspace, options);
  try {
    if (!rag.status.files) {
      io.err(nothingIndexed(rag.root, workspace));
      return 3;
    }
    relativeGold(questions, [path.resolve(workspace), rag.root]);
    const missing: string[] = [];
    for (const gold of new Set(questions.flatMap((q) => q.gold))) {
      // A path out of the workspace ("../x", "/etc/x") is never a result: said, rather than scored as a silent miss.
      const inside = staysInside(path.normalize(gold));
      if (!inside || !(await isFile(path.join(rag.root, gold)))) missing.push(inside ? gold : `${gold} (outside the workspace)`);
    }
    if (missing.length) {
      const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
      io.err(`big-three: ${missing.length} gold path${missing.length > 1 ? 's are' : ' is'} not a file in ${rag.root} (scored as not found): ${shown}`);
    }
    // A line range in a file the question's gold does not name is most likely a slip in the set: said, and scored as written.
    const strayRanges = questions.filter((q) => q.goldLines?.some(([p]) => !q.gold.includes(p))).length;
    if (strayRanges) {
      io.err(
        `big-three: ${strayRanges} question${strayRanges > 1 ? 's have' : ' has'} "gold_lines" in a file its "gold" does not list (function level scores them as written)`,
      );
    }
    const report = await evaluateSearch(questions, async (query) =>
      (await rag.searchCode(query, RESULTS_PER_QUESTION)).map((r) => ({
        path: r.codePath,
        startLine: Number(r.metadata.startLine ?? 0),
        endLine: Number(r.metadata.endLine ?? 0),
      })),
    );
    if (options.json) {
      const { misses, ...figures } = report;
      io.out(JSON.stringify({ file, workspace: rag.root, lexicalOnly: rag.status.lexicalOnly, ...figures, misses: showMisses ? misses : misses.length }));
      return 0;
    }
    const line = (label: string, f: { recall1: number; recall5: number; mrr10: number; queries: number }) =>
      io.out(`${label}: recall@1 ${f.recall1.toFixed(3)}  recall@5 ${f.recall5.toFixed(3)}  MRR@10 ${f.mrr10.toFixed(3)}  (${f.queries} questions)`);
    line('file level', report);
    if (report.functions) line('function level', report.functions);
    if (rag.status.lexicalOnly) io.out('(lexical ranking only: no embedding model)');
    if (showMisses) for (const m of report.misses) io.out(`  miss (rank ${m.rank || '-'}): ${m.query}\n        top: ${m.top.join(', ')}`);
    return 0;
  } finally {
    rag.dispose();
  }
}

/** Gold paths written absolute, inside the workspace (as given or as its real path), made relative to it. */
function relativeGold(questions: SearchQuestion[], roots: readonly string[]): void {
  const relative = (p: string) => {
    if (!path.isAbsolute(p)) return p;
    for (const root of roots) {
      const rel = path.relative(root, p);
      if (rel && staysInside(rel)) return rel.split(path.sep).join('/');
    }
    return p;
  };
  for (const q of questions) {
    q.gold = q.gold.map(relative);
    if (q.goldLines) q.goldLines = q.goldLines.map(([p, start, end]) => [relative(p), start, end]);
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
