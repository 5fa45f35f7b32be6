// What the words of past tasks say about each expert: every success (and every correction naming an
// expert) adds the task's text features to that expert's learned profile, every failure takes a
// little away. A new task is scored against these profiles like one more field of the definitions
// (saturating in the evidence, weighted by how few experts a feature speaks for), so a word that kept
// co-occurring with an expert's successes becomes evidence for it on tasks never seen. Unlike the
// softmax, which only moves when it was wrong, this accumulates from every outcome.
import { InvalidArgumentError } from '../errors';
import type { SparseFeatures } from './task-feature-hasher';

export interface WordEvidenceOptions {
  /** How quickly an expert's evidence for one feature saturates (BM25's k1, in outcomes). */
  saturation: number;
  /** What one failure takes away, relative to what one success adds. */
  failureWeight: number;
}

export const DEFAULT_WORD_EVIDENCE_OPTIONS: WordEvidenceOptions = { saturation: 1, failureWeight: 0.5 };

export class ExpertWordEvidence {
  /** feature -> expert -> accumulated (feature value × outcome weight), never below 0. */
  private readonly mass = new Map<number, Map<string, number>>();
  private readonly experts = new Set<string>();

  constructor(private readonly options: WordEvidenceOptions = DEFAULT_WORD_EVIDENCE_OPTIONS) {}

  add(features: SparseFeatures, expertId: string, weight: number): void {
    if (weight > 0) this.experts.add(expertId);
    for (const [index, x] of features) {
      let row = this.mass.get(index);
      if (!row) {
        if (weight <= 0) continue;
        this.mass.set(index, (row = new Map()));
      }
      const next = (row.get(expertId) ?? 0) + weight * x;
      if (next > 1e-9) row.set(expertId, next);
      else row.delete(expertId);
    }
  }

  success(features: SparseFeatures, expertId: string): void {
    this.add(features, expertId, 1);
  }

  failure(features: SparseFeatures, expertId: string): void {
    this.add(features, expertId, -this.options.failureWeight);
  }

  /** Per candidate, the learned evidence of the task's features (0 when none). */
  scores(features: SparseFeatures, candidates: readonly string[]): Map<string, number> {
    const out = new Map<string, number>(candidates.map((id) => [id, 0]));
    const total = Math.max(1, this.experts.size);
    for (const [index, x] of features) {
      const row = this.mass.get(index);
      if (!row || !row.size) continue;
      const rarity = Math.log(1 + (total - row.size + 0.5) / (row.size + 0.5));
      for (const [id, m] of row) {
        if (!out.has(id)) continue;
        out.set(id, out.get(id)! + x * rarity * (m / (this.options.saturation * x + m)));
      }
    }
    return out;
  }

  /** Experts some of these features speak for (except `ignore`, e.g. the bias). */
  touchedExperts(features: SparseFeatures, ignore?: number): Set<string> {
    const out = new Set<string>();
    for (const index of features.keys()) if (index !== ignore) for (const id of this.mass.get(index)?.keys() ?? []) out.add(id);
    return out;
  }

  toJSON(): { v: 1; mass: Array<[number, Array<[string, number]>]> } {
    return { v: 1, mass: [...this.mass].map(([i, row]) => [i, [...row]]) };
  }

  static fromJSON(value: unknown, options: WordEvidenceOptions = DEFAULT_WORD_EVIDENCE_OPTIONS): ExpertWordEvidence {
    const snapshot = value as { v?: unknown; mass?: unknown } | null;
    if (!snapshot || snapshot.v !== 1 || !Array.isArray(snapshot.mass)) throw new InvalidArgumentError('not saved word evidence (expected {"v":1,"mass":[…]})');
    const evidence = new ExpertWordEvidence(options);
    for (const entry of snapshot.mass as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Array.isArray(entry[1])) throw new InvalidArgumentError('a saved word-evidence row is malformed');
      const row = new Map<string, number>();
      for (const cell of entry[1] as unknown[]) {
        if (Array.isArray(cell) && typeof cell[0] === 'string' && typeof cell[1] === 'number' && cell[1] > 0 && Number.isFinite(cell[1])) {
          row.set(cell[0], cell[1]);
          evidence.experts.add(cell[0]);
        }
      }
      evidence.mass.set(entry[0], row);
    }
    return evidence;
  }

  clear(): void {
    this.mass.clear();
    this.experts.clear();
  }
}
