// The encoder's process is replaced after a crash or a hang; a failure while the experts' definitions were
// being encoded is not kept: the next ranking asks the encoder again and uses it (a stranger's review, stop 41).
import * as assert from 'assert';
import { DefinitionSentenceSimilarity, type SentenceEncoder } from '../../../src/orchestrator/learning/definition-sentence-similarity';
import { SidecarSentenceVectorCache } from '../../../src/orchestrator/learning/sentence-vector-cache';
import { fnv1a } from '../../../src/orchestrator/learning/task-feature-hasher';
import { RecordingLogger } from '../../fakes/recording-logger';
import { makeExpert } from './learning-helpers';

/** Fails its first request (the process crashed), then answers with word-hash vectors (a new process). */
class FailsFirst implements SentenceEncoder {
  readonly id = 'fails-first';
  readonly dimension = 512;
  private failures = 1;
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.failures-- > 0) throw new Error("the sentence encoder's process stopped (signal SIGKILL)");
    return texts.map((t) => {
      const v = new Float32Array(512);
      for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) if (w.length > 2) v[fnv1a(w) % 512]! += 1;
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    });
  }
}

const experts = [
  makeExpert('forecaster', { description: 'Weather forecasts for any city', systemPrompt: '' }),
  makeExpert('chef', { description: 'Recipes by ingredient', systemPrompt: '', examples: ['cook rice for dinner'] }),
  makeExpert('mechanic', { description: 'Diagnoses engine trouble', systemPrompt: '', examples: ['car engine will not start'] }),
  makeExpert('lawyer', { description: 'Explains leases and tenant rights', systemPrompt: '' }),
];

describe('sentence similarity after the encoder failed on the definitions', () => {
  it('goes without the encoder for that ranking only: the next one encodes the definitions again and uses it', async () => {
    const logger = new RecordingLogger();
    const files = new Map<string, string>();
    const encoder = new FailsFirst();
    const similarity = new DefinitionSentenceSimilarity(
      { experts },
      { load: async () => encoder },
      new SidecarSentenceVectorCache({ readSidecar: async (n) => files.get(n), writeSidecar: async (n, t) => void files.set(n, t) }, logger),
      logger,
    );
    const [first] = await similarity.similarities(['car engine will not start'], 2);
    assert.strictEqual(first, undefined, 'the ranking during the crash goes without it');
    assert.ok(logger.warnings().some((w) => w.includes('failed on the definitions')));
    const [later] = await similarity.similarities(['car engine will not start'], 2);
    assert.ok(later, 'a later ranking uses the encoder again');
  });
});
