import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeExpert } from '../fakes/expert-fixtures';
import { IntelligentAgentSelector } from '../../src/orchestrator/agents/selection/intelligent-selector';
import { DEFAULT_FIELD_WEIGHTS } from '../../src/orchestrator/agents/selection/field-index';
import { evaluateSelection, parseLabelledTasks } from '../../src/orchestrator/agents/selection/selection-eval';
import { everydayTerms } from '../../src/orchestrator/agents/selection/everyday-expansion';
import { prepareTask } from '../../src/orchestrator/agents/selection/scoring';
import { modifierTerms, taskParts } from '../../src/orchestrator/agents/selection/task-structure';
import { repoRoot, shippedCore } from './workflow/agent-core-fixture';
import { InvalidArgumentError, UnknownExpertError } from '../../src/orchestrator/errors';

describe('IntelligentAgentSelector scoring (the seed mode)', () => {
  const api = makeExpert('api-designer', {
    description: 'Designs HTTP endpoints and pagination',
    category: 'architecture',
    triggers: ['rest api', 'webhook', 'background job'],
    focusAreas: ['api design'],
  });
  const ui = makeExpert('ui-builder', { description: 'Builds components', category: 'frontend', triggers: ['css', 'component'] });
  const selector = new IntelligentAgentSelector({ experts: [api, ui] }, { mode: 'seed' });

  it('adds each component with the seed weights', () => {
    // "rest api" exact (3.0); "background job" partial via "job" (1.0); description: design, endpoint, pagination (3 × 0.5);
    // category "architecture" (1.0); focus "api design" (2.0).
    const best = selector.selectBestAgent('API design for REST APIs: endpoints with pagination, a job runner, clean architecture');
    assert.ok(best);
    assert.strictEqual(best.expertId, 'api-designer');
    const c = best.breakdown.components;
    assert.deepStrictEqual(c.triggerExact, { score: 3, matched: ['rest api'] });
    assert.deepStrictEqual(c.triggerWord, { score: 1, matched: ['job (background job)'] });
    assert.deepStrictEqual(c.description, { score: 1.5, matched: ['design', 'endpoint', 'pagin'] });
    assert.deepStrictEqual(c.category, { score: 1, matched: ['architecture'] });
    assert.deepStrictEqual(c.focusAreas, { score: 2, matched: ['api design'] });
    assert.strictEqual(c.context.score, 0);
    assert.strictEqual(best.score, 8.5);
    assert.strictEqual(best.normalizedScore, 1);
  });

  it('gives the context bonus once, for a matching category or keyword', () => {
    const withContext = selector.rank('Builds a thing', { category: 'frontend' });
    const ranked = withContext.find((r) => r.expertId === 'ui-builder');
    assert.ok(ranked);
    assert.strictEqual(ranked.breakdown.components.context.score, 1);
    const viaKeyword = selector.rank('webhook', { keywords: ['css'] }).find((r) => r.expertId === 'ui-builder');
    assert.strictEqual(viaKeyword?.breakdown.components.context.score, 1);
  });

  it('normalizes multiple selections against the best and honours minScore and maxAgents', () => {
    const results = selector.selectMultipleAgents('REST API webhook for a CSS page', { maxAgents: 5, minScore: 0 });
    assert.deepStrictEqual(
      results.map((r) => r.expertId),
      ['api-designer', 'ui-builder'],
    );
    assert.strictEqual(results[0]!.normalizedScore, 1);
    assert.strictEqual(results[1]!.normalizedScore, Math.round((results[1]!.score / results[0]!.score) * 1000) / 1000);
    assert.deepStrictEqual(selector.selectMultipleAgents('REST API webhook for a CSS page', { maxAgents: 1 }).length, 1);
    assert.deepStrictEqual(
      selector.selectMultipleAgents('REST API webhook for a CSS page', { minScore: 0.99 }).map((r) => r.expertId),
      ['api-designer'],
    );
    assert.throws(() => selector.selectMultipleAgents('x', { maxAgents: 0 }), InvalidArgumentError);
    assert.throws(() => selector.selectMultipleAgents('x', { minScore: 2 }), InvalidArgumentError);
  });

  it('returns nothing, not a guess, when no word matches', () => {
    assert.strictEqual(selector.selectBestAgent('zzz qqq'), undefined);
  });

  it('rejects empty and oversized tasks with a clear error', () => {
    assert.throws(() => selector.selectBestAgent('   '), /non-empty/);
    assert.throws(() => selector.selectBestAgent('x'.repeat(20_001)), /limit/);
  });

  it('explains any expert, ranked or not, and refuses unknown ids', () => {
    const explanation = selector.explainSelection('api-designer', 'webhook retries');
    assert.strictEqual(explanation.rank, 1);
    assert.strictEqual(explanation.breakdown.total, 3);
    assert.ok(explanation.lines.some((l) => l.includes('trigger phrases ×3.0: 3 (webhook)')));
    const unranked = selector.explainSelection('ui-builder', 'webhook retries');
    assert.strictEqual(unranked.rank, undefined);
    assert.strictEqual(unranked.breakdown.total, 0);
    assert.throws(() => selector.explainSelection('nobody', 'x'), UnknownExpertError);
  });

  it('rebuilds its index when the source announces a change', () => {
    const experts = [api];
    let notify: () => void = () => {};
    const source = {
      get experts() {
        return experts;
      },
      onDidChange: (l: () => void) => {
        notify = l;
        return { dispose() {} };
      },
    };
    const live = new IntelligentAgentSelector(source);
    assert.strictEqual(live.selectBestAgent('css component'), undefined);
    experts.push(ui);
    notify();
    assert.strictEqual(live.selectBestAgent('css component')?.expertId, 'ui-builder');
  });

  it('prepare() builds the index in steps that give way, ranking exactly as the index built at once', async () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      makeExpert(`filler-${i}`, { triggers: [`topic${i}`, 'shared words'], focusAreas: [`area ${i % 7} design`], description: `Filler expert number ${i}` }),
    );
    const experts = [...many, api, ui];
    const stepped = new IntelligentAgentSelector({ experts });
    let pauses = 0;
    await stepped.prepare(async () => {
      pauses++;
    });
    assert.ok(pauses > experts.length, `gave way ${pauses} times`);
    const atOnce = new IntelligentAgentSelector({ experts });
    for (const task of ['a REST API with webhooks and pagination', 'topic17 shared words', 'area 3 design for the css component'])
      assert.deepStrictEqual(
        stepped.rank(task).map((r) => [r.expertId, r.score]),
        atOnce.rank(task).map((r) => [r.expertId, r.score]),
        task,
      );
  });

  it('whenPrepared() waits for a preparation in steps under way (a ranking then finds the index built), and is at once otherwise', async () => {
    const selector = new IntelligentAgentSelector({ experts: [api, ui] });
    let now = false;
    await selector.whenPrepared().then(() => (now = true));
    assert.ok(now, 'nothing under way');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let pauses = 0;
    const preparing = selector.prepare(async () => {
      if (++pauses === 1) await gate;
    });
    assert.strictEqual(
      selector.prepare(async () => {}),
      preparing,
      'one preparation at a time',
    );
    let waited = false;
    const waiting = selector.whenPrepared().then(() => (waited = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.strictEqual(waited, false, 'the steps are not done');
    release();
    await waiting;
    assert.ok(pauses > 2, `the index was built in ${pauses} steps, not at once by the waiting caller`);
    assert.strictEqual(selector.selectBestAgent('css component')?.expertId, 'ui-builder');
  });

  it('an index built in steps while the experts change is not kept: the new experts are ranked', async () => {
    let experts = [api];
    let notify: () => void = () => {};
    const live = new IntelligentAgentSelector({
      get experts() {
        return experts;
      },
      onDidChange: (l: () => void) => {
        notify = l;
        return { dispose() {} };
      },
    });
    let pauses = 0;
    await live.prepare(async () => {
      if (++pauses === 1) {
        experts = [api, ui]; // the pool reloads while the first build (of [api] alone) is under way
        notify();
      }
    });
    assert.strictEqual(live.selectBestAgent('css component')?.expertId, 'ui-builder');
  });

  it('stays correct with 1,000 experts', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      makeExpert(`filler-${i}`, { triggers: [`topic${i}`, 'shared words'], description: `Filler expert number ${i}` }),
    );
    const big = new IntelligentAgentSelector({ experts: [...many, api] });
    assert.strictEqual(big.selectBestAgent('a REST API with webhooks')?.expertId, 'api-designer');
    assert.strictEqual(big.selectBestAgent('topic512 please')?.expertId, 'filler-512');
  });
});

describe('selection with the shipped agent pool', () => {
  it('picks the right expert on tasks written for this test (not the dev set)', async () => {
    const core = await shippedCore();
    const tasks = parseLabelledTasks(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'selection-holdout.jsonl'), 'utf8'));
    const report = evaluateSelection(core.selector, tasks);
    assert.strictEqual(report.total, 24);
    assert.ok(report.top1Accuracy >= 0.75, `top-1 ${report.top1Accuracy}: ${JSON.stringify(report.misses, null, 1)}`);
    assert.ok(report.top3Accuracy >= 0.9, `top-3 ${report.top3Accuracy}`);
    core.dispose();
  });

  it('bounds the definition-size factor: a two-word description does not win a task on its one shared word', async () => {
    const core = await shippedCore();
    const tiny = makeExpert('docs', { description: 'Writes docs', systemPrompt: '' });
    const selector = new IntelligentAgentSelector({ experts: [...core.catalog.experts, tiny] });
    const task = 'write the kubernetes deployment docs for the helm chart';
    assert.strictEqual(selector.selectBestAgent(task)?.expertId, 'devops-engineer');
    const line = selector.explainSelection('docs', task).lines.find((l) => l.includes('size of the definition'));
    assert.match(line ?? '', /\(×3\)/, 'scaled up, but at most three times');
    core.dispose();
  });

  it('explains a score by components that add up to it (the definition-size scaling included)', async () => {
    const core = await shippedCore();
    const tasks = parseLabelledTasks(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'selection-holdout.jsonl'), 'utf8'));
    let checked = 0;
    for (const { task } of tasks) {
      for (const ranked of core.selector.rank(task).slice(0, 5)) {
        const sum = Object.values(ranked.breakdown.components).reduce((total, c) => total + c.score, 0);
        assert.ok(Math.abs(sum - ranked.breakdown.total) < 0.01, `${task} / ${ranked.expertId}: components ${sum}, total ${ranked.breakdown.total}`);
        checked++;
      }
    }
    assert.ok(checked > 50, `${checked}`);
    core.dispose();
  });

  it('names the file and line of a labelled task that cannot be ranked, before ranking any', () => {
    const lines = (task: string) =>
      [JSON.stringify({ task: 'fix the login bug', expert: 'debugger' }), JSON.stringify({ task, expert: 'debugger' })].join('\n');
    assert.throws(() => parseLabelledTasks(lines(''), 'tasks.jsonl'), /^InvalidArgumentError: tasks\.jsonl:2: the task must be a non-empty text$/);
    assert.throws(() => parseLabelledTasks(lines('x'.repeat(20_001)), 'tasks.jsonl'), /tasks\.jsonl:2: the task is 20001 characters long; the limit is 20000/);
    assert.strictEqual(parseLabelledTasks(lines('fix it'), 'tasks.jsonl').length, 2);
  });

  it('proposes every needed expert for a task that spans several', async () => {
    const core = await shippedCore();
    const picked = core.selector
      .selectMultipleAgents('Build an Android app with a GraphQL backend and a Kubernetes deployment pipeline', { maxAgents: 4, minScore: 0.2 })
      .map((r) => r.expertId);
    for (const id of ['mobile-developer', 'backend-architect', 'devops-engineer']) assert.ok(picked.includes(id), `${id} in ${picked.join(', ')}`);
    core.dispose();
  });
});

describe('trigger word evidence', () => {
  it('counts a shared word once however many triggers contain it, and never a bare number', () => {
    const data = makeExpert('data-person', { triggers: ['data pipeline', 'data lake', 'data quality', 'soc 2'] });
    const selector = new IntelligentAgentSelector({ experts: [data] }, { mode: 'seed' });
    const result = selector.selectBestAgent('move the data somewhere else');
    assert.deepStrictEqual(result?.breakdown.components.triggerWord, { score: 1, matched: ['data (data pipeline)'] });
    assert.strictEqual(selector.selectBestAgent('upgrade from 2.7 to 3.11'), undefined);
  });
});

describe('field-weighted BM25 ranking (the default mode)', () => {
  const api = makeExpert('api-designer', {
    description: 'Designs HTTP endpoints and pagination',
    category: 'architecture',
    triggers: ['rest api', 'webhook', 'webhook', 'Webhooks'],
    focusAreas: ['api design'],
  });
  const di = makeExpert('di-expert', { description: 'Wires object graphs', triggers: ['dependency injection'] });
  const deps = makeExpert('deps-bot', { description: 'Keeps packages current', triggers: ['dependency', 'upgrade'] });
  const quiet = makeExpert('quiet-one', {
    description: 'Answers questions about churn and customers likely to cancel',
    systemPrompt: 'You model retention and cancellation risk.',
  });

  it('is the default, and the seed scorer stays available by name', () => {
    const selector = new IntelligentAgentSelector({ experts: [api, di, deps] });
    assert.strictEqual(selector.mode, 'bm25');
    assert.strictEqual(selector.withMode('seed').mode, 'seed');
    assert.throws(() => new IntelligentAgentSelector({ experts: [] }, { mode: 'nope' as never }), InvalidArgumentError);
  });

  it('counts each normalized trigger once', () => {
    const selector = new IntelligentAgentSelector({ experts: [api] });
    const once = selector.selectBestAgent('a webhook')!;
    const twin = new IntelligentAgentSelector({ experts: [makeExpert('api-designer', { ...api, triggers: ['rest api', 'webhook'] })] }).selectBestAgent(
      'a webhook',
    )!;
    assert.strictEqual(once.score, twin.score);
  });

  it('lets a matched phrase claim its words from experts that only share one of them', () => {
    const selector = new IntelligentAgentSelector({ experts: [di, deps] });
    const ranked = selector.rank('set up dependency injection in the service');
    assert.strictEqual(ranked[0]!.expertId, 'di-expert');
    const other = ranked.find((r) => r.expertId === 'deps-bot')!;
    assert.ok(other.breakdown.components.claimedByOtherPhrases!.score < 0);
    assert.ok(selector.explainSelection('di-expert', 'set up dependency injection').lines.some((l) => l.includes('dependency injection (trigger)')));
  });

  it('ranks a description-only expert by its description and body words', () => {
    const selector = new IntelligentAgentSelector({ experts: [api, di, deps, quiet] });
    assert.strictEqual(selector.selectBestAgent('which customers are likely to cancel next month?')?.expertId, 'quiet-one');
    assert.strictEqual(selector.selectBestAgent('estimate retention')?.expertId, 'quiet-one');
  });

  it('scales a score by the size of the definition, so a rich definition does not win on one shared word', () => {
    // A shipped-style expert repeats "split" in its description, triggers, focus areas and body; a
    // description-only agent says it once. On a task that shares only that word with both, the rich
    // definition won by repetition alone (scaling off); scaled, the one-line agent is not outvoted.
    const rich = makeExpert('module-surgeon', {
      description: 'Restructures code: split large modules, extract functions, rename safely',
      triggers: ['split module', 'extract function', 'rename symbol', 'code smell'],
      focusAreas: ['split responsibilities', 'dead code removal', 'module boundaries'],
      systemPrompt: 'You split modules along their responsibilities and keep behaviour unchanged.',
      guidelines: 'Split one module at a time. Run the tests after every extraction.',
    });
    const planner = makeExpert('trip-planner', { description: 'Plans trips: how to split your days between sights', systemPrompt: '' });
    const filler = ['alpha', 'beta', 'gamma'].map((w) => makeExpert(`${w}-bot`, { description: `Handles ${w} requests`, systemPrompt: '' }));
    const task = 'how should we split it?';
    const scaled = new IntelligentAgentSelector({ experts: [rich, planner, ...filler] });
    assert.strictEqual(scaled.selectBestAgent(task)?.expertId, 'trip-planner');
    const line = scaled.explainSelection('module-surgeon', task).lines.find((l) => l.includes('size of the definition'));
    assert.match(line ?? '', /: -[\d.]+ \(×0\.\d+\)/, 'the rich definition is scaled down, and the explanation says by how much');
    const unscaled = new IntelligentAgentSelector({ experts: [rich, planner, ...filler] }, { weights: { ...DEFAULT_FIELD_WEIGHTS, definitionSize: 0 } });
    assert.strictEqual(unscaled.selectBestAgent(task)?.expertId, 'module-surgeon');
  });

  it('ranks experts described in other languages and scripts by their own words', () => {
    const ru = makeExpert('sql-tuner', { description: 'Специалист по оптимизации запросов', triggers: [] });
    const ja = makeExpert('db-expert-ja', { description: 'データベース の 専門家', triggers: [] });
    const fr = makeExpert('barista', { description: 'Spécialiste café et boissons chaudes', triggers: [] });
    const selector = new IntelligentAgentSelector({ experts: [ru, ja, fr] });
    assert.strictEqual(selector.selectBestAgent('оптимизации запросов')?.expertId, 'sql-tuner');
    assert.strictEqual(selector.selectBestAgent('データベース')?.expertId, 'db-expert-ja');
    assert.strictEqual(selector.selectBestAgent('specialiste cafe')?.expertId, 'barista');
  });

  it('breaks exact ties by id, not by the order experts were loaded in', () => {
    const a = makeExpert('alpha', { triggers: ['widget'] });
    const b = makeExpert('beta', { triggers: ['widget'] });
    assert.strictEqual(new IntelligentAgentSelector({ experts: [a, b] }).selectBestAgent('widget')?.expertId, 'alpha');
    assert.strictEqual(new IntelligentAgentSelector({ experts: [b, a] }).selectBestAgent('widget')?.expertId, 'alpha');
  });

  it('keeps stemming collisions apart: responsive/response, production/product, debugger/debug', () => {
    const web = makeExpert('web-ui', { triggers: ['responsive layout'] });
    const http = makeExpert('http-api', { triggers: ['response codes'] });
    const pm = makeExpert('product-manager', { triggers: ['product roadmap'] });
    const ops = makeExpert('ops', { triggers: ['production outage'] });
    const dbg = makeExpert('debugger', { description: 'Diagnoses failures', triggers: ['stack trace'] });
    const selector = new IntelligentAgentSelector({ experts: [web, http, pm, ops, dbg] });
    assert.strictEqual(selector.selectBestAgent('the page is not responsive')?.expertId, 'web-ui');
    assert.strictEqual(selector.selectBestAgent('wrong response')?.expertId, 'http-api');
    assert.strictEqual(selector.selectBestAgent('production is down')?.expertId, 'ops');
    assert.strictEqual(selector.selectBestAgent('attach a debugger')?.expertId, 'debugger');
  });
});

describe('related words (concept expansion)', () => {
  it('lets symptom words reach the vocabulary of a description-only expert, at a lower weight than the words themselves', () => {
    const css = makeExpert('css-layout-fixer', { description: 'Fixes CSS layout problems', triggers: [] });
    const sheets = makeExpert('spreadsheet-helper', { description: 'Writes spreadsheet formulas', triggers: [] });
    const selector = new IntelligentAgentSelector({ experts: [css, sheets] });
    assert.strictEqual(selector.selectBestAgent('the footer floats up into the middle of the page')?.expertId, 'css-layout-fixer');
    assert.strictEqual(selector.selectBestAgent('VLOOKUP returns #N/A')?.expertId, 'spreadsheet-helper');
    const direct = selector.selectBestAgent('css layout')!.score;
    const related = selector.selectBestAgent('flexbox footer')!;
    assert.ok(related.score < direct);
    assert.ok(related.breakdown.components.description!.matched.some((m) => m.endsWith('(related word)')));
  });
});

describe('everyday concepts (everyday-concepts.ts)', () => {
  const weather = makeExpert('weather-now', { description: 'Weather forecasts: temperature and precipitation for any city', triggers: [] });
  const flights = makeExpert('flight-finder', { description: 'Compares airline fares and books flights', triggers: [] });
  const cooking = makeExpert('meal-ideas', { description: 'Recipe suggestions from the ingredients you have', triggers: [] });
  const quotes = makeExpert('market-watch', { description: 'Live stock quotes and charts for any ticker', triggers: [] });

  it('lets the words people use for everyday things reach the domain a one-line description names', () => {
    const selector = new IntelligentAgentSelector({ experts: [weather, flights, cooking, quotes] });
    assert.strictEqual(selector.selectBestAgent('do I need an umbrella in Seattle tomorrow?')?.expertId, 'weather-now');
    assert.strictEqual(selector.selectBestAgent('is AAPL up today?')?.expertId, 'market-watch', 'a name typed instead of the category (everyday-entities.ts)');
    assert.strictEqual(selector.selectBestAgent('cheapest way to Lisbon with a short layover')?.expertId, 'flight-finder');
    assert.strictEqual(selector.selectBestAgent('my sourdough starter smells odd, what can I bake tonight?')?.expertId, 'meal-ideas');
    const explained = selector.explainSelection('weather-now', 'do I need an umbrella').lines.join('\n');
    assert.match(explained, /forecast \(everyday: umbrella\)/);
    const off = new IntelligentAgentSelector({ experts: [weather, flights, cooking] }, { weights: { ...DEFAULT_FIELD_WEIGHTS, everydayConcepts: 0 } });
    assert.strictEqual(off.selectBestAgent('do I need an umbrella?'), undefined, 'without them the task shares no word with any description');
  });

  it('lets a definition that names the everyday word keep it; a word only a body uses reaches its domain at half weight', () => {
    const insurer = makeExpert('cover-quotes', { description: 'Quotes for umbrella liability insurance', triggers: [] });
    const named = new IntelligentAgentSelector({ experts: [weather, flights, cooking, insurer] });
    assert.strictEqual(named.selectBestAgent('do I need an umbrella?')?.expertId, 'cover-quotes');
    assert.strictEqual(
      named.rank('umbrella').find((r) => r.expertId === 'weather-now'),
      undefined,
      'a word a definition names adds no everyday domain',
    );
    const alone = new IntelligentAgentSelector({ experts: [weather, flights, cooking] }).selectBestAgent('umbrella')!;
    const mentioned = makeExpert('brolly-shop', { description: 'Sells rain gear', systemPrompt: 'Ask which umbrella size the customer wants.', triggers: [] });
    const body = new IntelligentAgentSelector({ experts: [weather, flights, cooking, mentioned] });
    const half = body.rank('umbrella').find((r) => r.expertId === 'weather-now')!;
    assert.ok(half.score < alone.score, `only a body uses it: its domain words count less (${half.score} vs ${alone.score})`);
    assert.match(body.explainSelection('weather-now', 'umbrella').lines.join('\n'), /forecast \(everyday: umbrella\)/);
  });

  it('gives a domain word the highest weight any cue gives it, whatever their order, times the cue’s own weight', () => {
    const own = (t: string) => (t === 'umbrella' ? 0.5 : 1);
    for (const text of ['umbrella drizzle', 'drizzle umbrella']) {
      const found = everydayTerms(prepareTask(text).words, own, () => 'none', 0.3);
      assert.deepStrictEqual(found.get('forecast'), { weight: 0.3, cue: 'drizzle' }, text);
    }
    assert.strictEqual(everydayTerms(['umbrella'], own, () => 'none', 0.3).get('forecast')?.weight, 0.15);
    assert.strictEqual(
      everydayTerms(
        ['umbrella'],
        () => 1,
        () => 'body',
        0.3,
      ).get('forecast')?.weight,
      0.15,
    );
    assert.strictEqual(
      everydayTerms(
        ['umbrella'],
        () => 1,
        () => 'named',
        0.3,
      ).size,
      0,
    );
    const selector = new IntelligentAgentSelector({ experts: [weather, flights, cooking] });
    assert.match(selector.explainSelection('weather-now', 'customers want an umbrella').lines.join('\n'), /forecast \(everyday: umbrella\)/);
  });

  it('matches a cue as written and leaves words the software concepts read alone', () => {
    const fines = makeExpert('ticket-help', { description: 'Contest a traffic ticket or parking fine', triggers: [] });
    const plumber = makeExpert('home-repair', { description: 'Plumbing and home repair bookings', triggers: [] });
    const selector = new IntelligentAgentSelector({ experts: [fines, plumber] });
    assert.strictEqual(selector.selectBestAgent('I was caught speeding on the A1')?.expertId, 'ticket-help');
    assert.strictEqual(selector.rank('speed up the build').length, 0, '"speed" is not the cue "speeding"');
    assert.strictEqual(selector.selectBestAgent('the pipe under the sink drips')?.expertId, 'home-repair');
    assert.strictEqual(selector.rank('memory leak in the worker').length, 0, '"leak" keeps its software sense (concept-expansion.ts)');
  });
});

describe('task structure: the action and its object decide', () => {
  const tester = makeExpert('tester', { description: 'Writes unit and integration tests', triggers: ['test', 'write tests'] });
  const apiOwner = makeExpert('api-owner', { description: 'Designs REST endpoints', triggers: ['rest', 'endpoint'] });

  it('weighs words inside a prepositional phrase or relative clause less than the head, and says so', () => {
    const weights = modifierTerms('Review the PR that adds a Redis cache in front of the product API', 0.7);
    assert.strictEqual(weights.get('redi'), 0.7);
    assert.strictEqual(weights.get('api'), 0.7);
    assert.strictEqual(weights.has('review'), false);
    assert.strictEqual(weights.has('pr'), false);
    assert.strictEqual(modifierTerms('tests for the tests', 0.7).has('test'), false, 'a word that is also in a head keeps full weight');
    const selector = new IntelligentAgentSelector({ experts: [tester, apiOwner] });
    const explained = selector.explainSelection('api-owner', 'Write tests for the REST endpoints').lines.join('\n');
    assert.match(explained, /rest \(modifier\)/);
  });

  it('picks the expert for the action, not for what the action is about', () => {
    const selector = new IntelligentAgentSelector({ experts: [tester, apiOwner] });
    assert.strictEqual(selector.selectBestAgent('Write tests for the REST endpoints')?.expertId, 'tester');
    assert.strictEqual(selector.selectBestAgent('Design the REST endpoints for the test results')?.expertId, 'api-owner');
  });

  it('picks qa-expert for tests of REST endpoints with the shipped pool', async () => {
    const core = await shippedCore();
    assert.strictEqual(core.selector.selectBestAgent('Write tests for the REST endpoints')?.expertId, 'qa-expert');
    core.dispose();
  });
});

describe('teams from the parts of a task', () => {
  it('splits a task at sentences, clauses and the words that join requests, dropping one-word parts', () => {
    assert.deepStrictEqual(taskParts('Profile the checkout. Then set up alerting, and write a runbook — docs'), [
      'Profile the checkout',
      'Then set up alerting',
      'write a runbook',
    ]);
    assert.deepStrictEqual(taskParts('fix the login bug'), ['fix the login bug']);
  });

  it('gives each part its expert: a part that matches clearly counts as much as the whole task', () => {
    const designer = makeExpert('designer', { triggers: ['wireframes', 'figma'], category: 'design' });
    const web = makeExpert('web', { triggers: ['react components', 'react'], category: 'frontend' });
    const writer = makeExpert('writer', { triggers: ['docs', 'readme'], category: 'documentation' });
    const selector = new IntelligentAgentSelector({ experts: [designer, web, writer] });
    const team = selector.selectMultipleAgents('Draw the wireframes in Figma for the signup flow, then build them as React components', {
      maxAgents: 2,
      minScore: 0,
    });
    assert.deepStrictEqual(team.map((r) => r.expertId).sort(), ['designer', 'web']);
  });
});
