// Learning switches to the workspace index's semantic model when one loads: the real transformers.js
// loading code runs on a tiny generated BERT (no download).
import * as assert from 'assert';
import * as path from 'path';
import { createAgentCore } from '../../../src/orchestrator/agents/agent-core';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import { LearnedSelector } from '../../../src/orchestrator/learning/learned-selector';
import { profileFeaturizer } from '../../../src/orchestrator/learning/task-features';
import { loadLocalEmbedderOrThrow } from '../../../src/orchestrator/rag/embedder';
import { writeTinyEmbeddingModel } from '../../fakes/tiny-embedding-model';
import { AGENTPOOL_DIR, TempDirs, makeManager, nodeFs } from './learning-helpers';
import { FakeClock } from '../../fakes/fake-clock';

describe('learning with a semantic embedding model', function () {
  this.timeout(20_000);
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());

  it('re-embeds history with the model, and the selector blends more similarity into its prior', async () => {
    const core = await createAgentCore({ fs: nodeFs, clock: systemClock, logger: silentLogger, builtinAgentsDir: AGENTPOOL_DIR });
    const manager = await makeManager(dirs.make(), new FakeClock(Date.UTC(2026, 0, 1)), {
      featurizer: (e) => profileFeaturizer(e, core.catalog, core.selector),
    });
    const selector = new LearnedSelector(core.catalog, core.selector, manager);
    await manager.recordTaskOutcome('Write a Helm chart for the API', 'devops-engineer', 'done', true);
    const lexical = await selector.rank('Write a Helm chart for the API');
    assert.strictEqual(manager.embedder.id, 'hashing-512');

    const modelDir = writeTinyEmbeddingModel(path.join(dirs.make(), 'all-MiniLM-L6-v2'));
    const model = await loadLocalEmbedderOrThrow(modelDir);
    const switched: string[] = [];
    manager.onDidChangeEmbedder((e) => switched.push(e.id));
    await manager.useEmbedder(model);
    assert.deepStrictEqual(switched, [model.id]);
    assert.strictEqual(manager.embedder.id, model.id);
    assert.notStrictEqual(model.id, 'hashing-512');
    const [vector] = await model.embed(['Write a Helm chart for the API']);
    assert.strictEqual(vector!.length, model.dimension);

    const semantic = await selector.rank('Write a Helm chart for the API');
    assert.strictEqual(semantic[0]!.expertId, 'devops-engineer');
    assert.strictEqual(semantic[0]!.history.tasks, 1, 'the history survived the switch (re-embedded)');
    const explained = await selector.explainSelection('devops-engineer', 'Write a Helm chart for the API');
    assert.ok(explained.choice!.share.similarity >= 0, 'similarity share reported');
    assert.strictEqual(lexical[0]!.expertId, 'devops-engineer');
    await manager.useEmbedder(model); // the same model again changes nothing
    assert.deepStrictEqual(switched, [model.id]);
    core.dispose();
  });
});
