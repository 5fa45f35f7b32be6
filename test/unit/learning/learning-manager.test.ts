import * as assert from 'assert';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import { HISTORY_CONFIDENCE_THRESHOLD, LearningManager, PoolSelector } from '../../../src/orchestrator/learning/learning-manager';
import { wilsonLowerBound } from '../../../src/orchestrator/learning/statistics';
import { profileFeaturizer } from '../../../src/orchestrator/learning/task-features';
import { FakeClock } from '../../fakes/fake-clock';
import { DAY_MS, START, TempDirs, makeExpert, makeManager, recordMany } from './learning-helpers';

const HELM = 'Write a Kubernetes Helm chart for the API service';
const CSS = 'Fix the CSS layout of the React component';

const tinyPool = {
  experts: [
    makeExpert('devops', { description: 'Deploys services with Helm charts', category: 'devops', triggers: ['helm', 'kubernetes', 'docker'] }),
    makeExpert('frontend', { description: 'Builds user interfaces', category: 'frontend', triggers: ['css', 'react', 'layout'] }),
  ],
};

describe('LearningManager', () => {
  const temp = new TempDirs();
  let clock: FakeClock;
  let manager: LearningManager;

  beforeEach(async () => {
    clock = new FakeClock(START);
    manager = await makeManager(temp.make(), clock);
  });
  afterEach(() => temp.cleanup());

  describe('getLearningStats', () => {
    it('is empty with no history', () => {
      assert.deepStrictEqual(manager.getLearningStats(), { totalOutcomes: 0, agentsTracked: 0, topKeywords: [], agentPerformance: {} });
    });

    it('counts outcomes, rates and bounds per expert, and the top keywords without stop words', async () => {
      await manager.recordTaskOutcome('Write a Kubernetes Helm chart for the API', 'devops-engineer', 'ok', true);
      await manager.recordTaskOutcome('Write a Helm chart for the Helm worker', 'devops-engineer', 'ok', true);
      await manager.recordTaskOutcome('Deploy the API to k8s with Helm 3', 'devops-engineer', 'failed', false);
      await manager.recordTaskOutcome('Fix the CSS layout of the React component', 'frontend-developer', 'failed', false);
      await manager.recordTaskOutcome('Fix the CSS layout in the header', 'frontend-developer', 'ok', true);

      const stats = manager.getLearningStats();
      assert.strictEqual(stats.totalOutcomes, 5);
      assert.strictEqual(stats.agentsTracked, 2);
      assert.deepStrictEqual(stats.agentPerformance, {
        'devops-engineer': { success: 2, fail: 1, rate: 0.667, lowerBound: Math.round(wilsonLowerBound(2, 1) * 1000) / 1000 },
        'frontend-developer': { success: 1, fail: 1, rate: 0.5, lowerBound: Math.round(wilsonLowerBound(1, 1) * 1000) / 1000 },
      });
      assert.ok(stats.agentPerformance['devops-engineer']!.lowerBound < 0.667);
      // Counted once per outcome ("Helm ... Helm" is one), k8s → kubernetes, "3" and stop words dropped,
      // ties alphabetical.
      assert.deepStrictEqual(stats.topKeywords, [
        { keyword: 'helm', count: 3 },
        { keyword: 'api', count: 2 },
        { keyword: 'chart', count: 2 },
        { keyword: 'css', count: 2 },
        { keyword: 'fix', count: 2 },
        { keyword: 'kubernetes', count: 2 },
        { keyword: 'layout', count: 2 },
        { keyword: 'write', count: 2 },
        { keyword: 'component', count: 1 },
        { keyword: 'deploy', count: 1 },
      ]);
      for (const stop of ['the', 'for', 'with', 'of', 'in', 'to']) assert.ok(!stats.topKeywords.some((k) => k.keyword === stop), stop);
      // A 4000-letter "word" is no keyword (learning stats printed it whole: robustness probe).
      await manager.recordTaskOutcome(`${'a'.repeat(4000)} deploy`, 'devops-engineer', 'ok', true);
      assert.ok(!manager.getLearningStats().topKeywords.some((k) => k.keyword.length > 40), 'no overlong keyword');
    });
  });

  describe('getRecommendations', () => {
    it('has nothing to recommend without history', async () => {
      const rec = await manager.getRecommendations(HELM);
      assert.deepStrictEqual(rec, { recommendedAgent: undefined, confidence: 0, reason: 'no similar task in the history', similarTasks: [] });
    });

    it('does not treat one success as confidence', async () => {
      await manager.recordTaskOutcome(HELM, 'devops-engineer', 'ok', true);
      const rec = await manager.getRecommendations(HELM);
      assert.strictEqual(rec.recommendedAgent, 'devops-engineer');
      assert.ok(rec.confidence > 0.3 && rec.confidence < 0.45, `${rec.confidence}`);
    });

    it('lowers confidence when the same expert then fails on the same task', async () => {
      await recordMany(manager, HELM, 'devops-engineer', true, 10);
      const confident = await manager.getRecommendations(HELM);
      assert.strictEqual(confident.recommendedAgent, 'devops-engineer');
      assert.ok(confident.confidence > 0.85 && confident.confidence < 0.87, `${confident.confidence}`);
      // Ten outcomes, weighed a little below 10 by the 400-outcome count half-life.
      assert.ok(confident.reason.startsWith('devops-engineer succeeded on 9.9 of 9.9 weighted similar outcomes (10 tasks)'), confident.reason);

      await recordMany(manager, HELM, 'devops-engineer', false, 4);
      const shaken = await manager.getRecommendations(HELM);
      assert.strictEqual(shaken.recommendedAgent, 'devops-engineer');
      assert.ok(shaken.confidence < confident.confidence - 0.2, `${confident.confidence} → ${shaken.confidence}`);
      assert.ok(shaken.confidence < HISTORY_CONFIDENCE_THRESHOLD);

      await recordMany(manager, HELM, 'devops-engineer', false, 20);
      const broken = await manager.getRecommendations(HELM);
      assert.ok(broken.confidence < 0.25, `${broken.confidence}`);
    });

    it('never recommends an expert with only failures', async () => {
      await recordMany(manager, HELM, 'devops-engineer', false, 6);
      const none = await manager.getRecommendations(HELM);
      assert.strictEqual(none.recommendedAgent, undefined);
      assert.strictEqual(none.confidence, 0);
      assert.strictEqual(none.reason, 'similar tasks exist but no expert has succeeded on them');
      assert.strictEqual(none.similarTasks.length, 5);

      await manager.recordTaskOutcome(HELM, 'cloud-architect', 'ok', true);
      const other = await manager.getRecommendations(HELM);
      assert.strictEqual(other.recommendedAgent, 'cloud-architect');
    });

    it('counts reworded tasks as evidence and ignores unrelated ones, listing similar tasks best first', async () => {
      await manager.recordTaskOutcome('Fix the CSS layout in the React header component', 'frontend-developer', 'ok', true);
      await manager.recordTaskOutcome('Train a churn prediction model on customer data', 'data-scientist', 'ok', true);
      await manager.recordTaskOutcome(CSS, 'frontend-developer', 'ok', true);
      await manager.recordTaskOutcome('Fix the React component state', 'frontend-developer', 'failed', false);
      await manager.recordTaskOutcome('Bake a chocolate cake', 'pastry-chef', 'ok', true);

      const evidence = await manager.evidenceFor(CSS);
      assert.deepStrictEqual([...evidence.byAgent.keys()], ['frontend-developer']);
      const rec = await manager.getRecommendations(CSS);
      assert.strictEqual(rec.recommendedAgent, 'frontend-developer');
      assert.deepStrictEqual(
        rec.similarTasks.map((s) => s.task),
        [CSS, 'Fix the CSS layout in the React header component', 'Fix the React component state'],
      );
      assert.ok(Math.abs(rec.similarTasks[0]!.similarity - 1) < 1e-5);
      for (let i = 1; i < rec.similarTasks.length; i++) assert.ok(rec.similarTasks[i - 1]!.similarity >= rec.similarTasks[i]!.similarity);
      assert.ok(rec.similarTasks[1]!.similarity > 0.5, `reworded similarity ${rec.similarTasks[1]!.similarity}`);
      assert.ok(rec.similarTasks.every((s) => s.similarity >= manager.evidenceOptions.minSimilarity));
      // The partly related failure counts less than a full failure.
      const weakFailure = rec.similarTasks[2]!;
      assert.strictEqual(weakFailure.success, false);
      assert.ok(weakFailure.weight > 0 && weakFailure.weight < 1, `${weakFailure.weight}`);

      const unrelated = await manager.getRecommendations('Bake a sourdough loaf of bread');
      assert.ok(!unrelated.similarTasks.some((s) => s.agentId === 'frontend-developer'));
    });
  });

  describe('time decay', () => {
    it('weighs 120-day-old outcomes at 1/16 of recent ones with the default 30-day half-life', async () => {
      await recordMany(manager, HELM, 'veteran', true, 20);
      clock.advance(120 * DAY_MS);
      await recordMany(manager, HELM, 'newcomer', true, 3);

      const evidence = await manager.evidenceFor(HELM);
      const veteran = evidence.byAgent.get('veteran')!;
      const newcomer = evidence.byAgent.get('newcomer')!;
      assert.strictEqual(veteran.count, 20);
      assert.strictEqual(newcomer.count, 3);
      // 20 × 1/16 = 1.25 before the (tiny) count decay; 3 recent ones weigh ~3.
      assert.ok(veteran.successes > 1.15 && veteran.successes < 1.26, `veteran ${veteran.successes}`);
      assert.ok(newcomer.successes > 2.98 && newcomer.successes <= 3, `newcomer ${newcomer.successes}`);
      for (const s of evidence.similar) {
        if (s.agentId === 'veteran') assert.ok(Math.abs(s.weight - 1 / 16) < 0.004, `old weight ${s.weight}`);
        else assert.ok(s.weight > 0.99, `recent weight ${s.weight}`);
      }
      assert.deepStrictEqual(
        evidence.similar.slice(0, 3).map((s) => s.agentId),
        ['newcomer', 'newcomer', 'newcomer'],
        'ties broken by recency',
      );
      assert.strictEqual((await manager.getRecommendations(HELM)).recommendedAgent, 'newcomer');
    });

    it('recommends the long-standing expert when its successes are just as recent (control)', async () => {
      await recordMany(manager, HELM, 'veteran', true, 20);
      await recordMany(manager, HELM, 'newcomer', true, 3);
      assert.strictEqual((await manager.getRecommendations(HELM)).recommendedAgent, 'veteran');
    });

    it('honours a configured half-life', async () => {
      const custom = await makeManager(temp.make(), clock, { evidence: { halfLifeMs: 120 * DAY_MS } });
      await custom.recordTaskOutcome(HELM, 'veteran', 'ok', true);
      clock.advance(120 * DAY_MS);
      const evidence = await custom.evidenceFor(HELM);
      assert.ok(Math.abs(evidence.byAgent.get('veteran')!.successes - 0.5) < 1e-4);
    });
  });

  describe('suggestAgentForTask', () => {
    const pool: PoolSelector = new IntelligentAgentSelector(tinyPool);

    it('uses the pool selector when there is no history', async () => {
      const s = await manager.suggestAgentForTask(HELM, pool);
      assert.strictEqual(s.source, 'selector');
      assert.strictEqual(s.agentId, 'devops');
      assert.strictEqual(s.confidence, 0);
    });

    it('keeps the selector while history confidence is at most 0.7 (3 successes) and trusts history above it (4)', async () => {
      await recordMany(manager, HELM, 'helm-guru', true, 3);
      const three = await manager.suggestAgentForTask(HELM, pool);
      assert.strictEqual(three.source, 'selector');
      assert.strictEqual(three.agentId, 'devops');
      assert.ok(three.confidence > 0.6 && three.confidence <= HISTORY_CONFIDENCE_THRESHOLD, `${three.confidence}`);
      assert.ok(three.reason.includes('history not confident enough'), three.reason);

      await manager.recordTaskOutcome(HELM, 'helm-guru', 'ok', true);
      const four = await manager.suggestAgentForTask(HELM, pool);
      assert.strictEqual(four.source, 'history');
      assert.strictEqual(four.agentId, 'helm-guru');
      assert.ok(four.confidence > HISTORY_CONFIDENCE_THRESHOLD, `${four.confidence}`);
    });

    it('falls back to history when no definition matches', async () => {
      const bread = 'Bake a sourdough loaf of bread';
      assert.strictEqual(pool.selectBestAgent(bread), undefined);
      await recordMany(manager, bread, 'baker', true, 2);
      const s = await manager.suggestAgentForTask(bread, pool);
      assert.strictEqual(s.source, 'history-fallback');
      assert.strictEqual(s.agentId, 'baker');
      assert.ok(s.confidence > 0 && s.confidence <= HISTORY_CONFIDENCE_THRESHOLD);
      assert.ok(s.reason.startsWith('no definition matched'), s.reason);
    });

    it('says none when neither the definitions nor history apply', async () => {
      const bread = 'Bake a sourdough loaf of bread';
      assert.deepStrictEqual(await manager.suggestAgentForTask(bread, pool), {
        agentId: undefined,
        source: 'none',
        confidence: 0,
        reason: 'no expert matched and no history applies',
      });
      await recordMany(manager, bread, 'baker', false, 3);
      const onlyFailures = await manager.suggestAgentForTask(bread, pool);
      assert.strictEqual(onlyFailures.source, 'none');
      assert.strictEqual(onlyFailures.agentId, undefined);
    });
  });

  describe('profile featurizer', () => {
    it('lets tasks of the same kind share evidence even with no word in common', async () => {
      const selector = new IntelligentAgentSelector(tinyPool);
      const deploy = 'Write a Helm chart';
      const other = 'Set up Docker containers';
      assert.strictEqual(selector.selectBestAgent(deploy)?.expertId, 'devops');
      assert.strictEqual(selector.selectBestAgent(other)?.expertId, 'devops');
      await manager.recordTaskOutcome(other, 'devops', 'ok', true);
      await manager.recordTaskOutcome(CSS, 'frontend', 'ok', true);

      // Lexical alone: nothing in common.
      assert.strictEqual((await manager.evidenceFor(deploy)).byAgent.size, 0);

      await manager.useFeaturizer(profileFeaturizer(manager.embedder, tinyPool, selector));
      const evidence = await manager.evidenceFor(deploy);
      assert.deepStrictEqual([...evidence.byAgent.keys()], ['devops']);
      assert.ok(evidence.byAgent.get('devops')!.successes > 0.85, `${evidence.byAgent.get('devops')!.successes}`);
      assert.ok(evidence.similar[0]!.similarity > 0.45 && evidence.similar[0]!.similarity < 0.55, `${evidence.similar[0]!.similarity}`);

      const [v] = await profileFeaturizer(manager.embedder, tinyPool, selector).features([deploy]);
      let norm = 0;
      for (const x of v!) norm += x * x;
      assert.ok(Math.abs(norm - 1) < 1e-5, `feature norm² ${norm}`);
      assert.strictEqual(v!.length, manager.embedder.dimension + tinyPool.experts.length);
    });
  });
});
