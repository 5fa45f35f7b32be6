// Shared by the RAG benchmarks: the corpus (rxjs sources from node_modules, a dev dependency), the
// embedder (a real model from $BIG_THREE_MODEL_DIR when given, else the tiny generated test model),
// and writing results.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type Embedder, loadLocalEmbedder } from '../src/orchestrator/rag/embedder';
import { silentLogger } from '../src/orchestrator/ports';
import { writeTinyEmbeddingModel } from '../test/fakes/tiny-embedding-model';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const corpusDir = path.join(repoRoot, 'node_modules', 'rxjs', 'src');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bt-bench-${prefix}-`));
}

/** The real MiniLM when $BIG_THREE_MODEL_DIR points at it; otherwise a tiny 1-layer model of the same width. */
export async function benchEmbedder(): Promise<{ embedder: Embedder; model: string; real: boolean }> {
  const configured = process.env.BIG_THREE_MODEL_DIR;
  if (configured) {
    const embedder = await loadLocalEmbedder(configured, silentLogger);
    if (!embedder) throw new Error(`BIG_THREE_MODEL_DIR=${configured} holds no loadable model`);
    return { embedder, model: embedder.id, real: true };
  }
  const dir = writeTinyEmbeddingModel(path.join(tempDir('model'), 'tiny-384'), { dimension: 384 });
  const embedder = await loadLocalEmbedder(dir, silentLogger);
  if (!embedder) throw new Error('the tiny model did not load');
  return { embedder, model: `${embedder.id} (generated 1-layer test model, random weights: throughput of the pipeline, not of MiniLM; semantic quality meaningless)`, real: false };
}

export function writeResult(name: string, result: object): void {
  const text = JSON.stringify(result, null, 2);
  process.stdout.write(`${text}\n`);
  const dir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), `${text}\n`);
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
