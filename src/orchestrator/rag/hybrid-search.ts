// Fuses local results with Gemini File Search grounding passages by weighted RRF (default local 0.4,
// Google 0.6). A passage that quotes a local chunk of the same file counts as that chunk, so agreement
// between the two lifts it; other passages are returned as remote results. Without a key or network the
// search degrades to local results with a notice.
import type { LoggerPort } from '../ports';
import { GeminiFileSearchError } from './errors';
import type { GeminiFileSearch, GroundingPassage } from './gemini-file-search';
import { maxFusedScore, reciprocalRankFusion } from './rrf';
import type { CodeSearchResult } from './types';

export interface HybridWeights {
  local: number;
  google: number;
}

export const DEFAULT_HYBRID_WEIGHTS: HybridWeights = { local: 0.4, google: 0.6 };

export interface HybridResult {
  results: Array<CodeSearchResult & { source: 'local' | 'google' | 'both' }>;
  /** Set when Gemini was not used (no key, offline, error): the results are local only. */
  notice?: string;
  answer?: string;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function matchLocal(passage: GroundingPassage, local: readonly CodeSearchResult[]): number {
  const probe = squash(passage.text).slice(0, 120);
  return local.findIndex(
    (r) => r.codePath === passage.title && probe.length > 0 && (squash(r.content).includes(probe) || probe.includes(squash(r.content).slice(0, 120))),
  );
}

export function fuseWithGemini(
  local: readonly CodeSearchResult[],
  passages: readonly GroundingPassage[],
  limit: number,
  weights: HybridWeights = DEFAULT_HYBRID_WEIGHTS,
  k?: number,
): HybridResult['results'] {
  const localIds = local.map((_, i) => `local:${i}`);
  const remoteIds = passages.map((p, i) => {
    const at = matchLocal(p, local);
    return at >= 0 ? `local:${at}` : `google:${i}`;
  });
  const fused = reciprocalRankFusion(
    [
      { name: 'local', weight: weights.local, ids: localIds },
      { name: 'google', weight: weights.google, ids: remoteIds },
    ],
    k,
  );
  const best = maxFusedScore([weights.local, weights.google], k);
  return fused.slice(0, limit).map((item) => {
    const [kind, index] = item.id.split(':') as ['local' | 'google', string];
    const score = Math.round((item.score / best) * 1000) / 1000;
    if (kind === 'local') {
      const r = local[Number(index)]!;
      return { ...r, similarityScore: score, source: item.ranks.google ? 'both' : 'local' };
    }
    const p = passages[Number(index)]!;
    return {
      codePath: p.title,
      content: p.text,
      metadata: { source: 'gemini-file-search', ...(p.store ? { store: p.store } : {}) },
      similarityScore: score,
      source: 'google',
    };
  });
}

export async function hybridSearch(
  query: string,
  limit: number,
  local: readonly CodeSearchResult[],
  gemini: GeminiFileSearch | undefined,
  logger: LoggerPort,
  weights: HybridWeights = DEFAULT_HYBRID_WEIGHTS,
): Promise<HybridResult> {
  const localOnly = (notice: string): HybridResult => ({ results: local.slice(0, limit).map((r) => ({ ...r, source: 'local' as const })), notice });
  if (!gemini) return localOnly('Gemini File Search is off (no Gemini API key or bigThree.rag.gemini.enabled is false): local results only.');
  try {
    const answer = await gemini.query(query, Math.max(limit, 5));
    return { results: fuseWithGemini(local, answer.passages, limit, weights), answer: answer.answer };
  } catch (error) {
    const message = error instanceof GeminiFileSearchError ? error.message : `Gemini File Search failed: ${(error as Error).message}`;
    logger.warn(message);
    return localOnly(message);
  }
}
