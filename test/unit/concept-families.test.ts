// The concept expansion's families (everyday word -> the vocabulary definitions use): each key must be
// one word that names one thing, and expanding must not send ordinary tasks to a wrong expert.
import * as assert from 'assert';
import { shippedCore } from './workflow/agent-core-fixture';
import { CONCEPT_FAMILIES } from '../../src/orchestrator/agents/selection/concept-expansion';
import { EVERYDAY_CONCEPTS } from '../../src/orchestrator/agents/selection/everyday-concepts';
import { EVERYDAY_ENTITIES } from '../../src/orchestrator/agents/selection/everyday-entities';
import { everydayTableEntries } from '../../src/orchestrator/agents/selection/everyday-table-source';
import { generatedEverydayTable } from '../../src/orchestrator/agents/selection/everyday-table.generated';
import { STOP_WORDS, terms, tokenize } from '../../src/orchestrator/text/text-normalize';

describe('concept families', () => {
  for (const [name, families] of [
    ['concept families', CONCEPT_FAMILIES],
    ['everyday concepts', EVERYDAY_CONCEPTS],
    ['everyday entities', EVERYDAY_ENTITIES],
  ] as const)
    it(`${name}: keys are each one informative word (no stop word, no piece of a split word, no short number)`, () => {
      const problems: string[] = [];
      for (const [keys] of families) {
        for (const key of keys.split(/\s+/)) {
          const tokens = tokenize(key);
          if (tokens.length !== 1 || STOP_WORDS.has(tokens[0]!) || terms(key).length !== 1 || /^\d{1,2}$/.test(terms(key)[0]!)) {
            problems.push(`${key} -> [${tokens.join(', ')}]`);
          }
        }
      }
      assert.deepStrictEqual(problems, []);
    });

  it('ships the everyday table as everyday-table-source.ts makes it (else: node scripts/generate-synonym-tables.js after tsc)', () => {
    assert.deepStrictEqual(generatedEverydayTable(), everydayTableEntries());
  });

  // Ordinary tasks that everyday words in a first version of the latest families sent elsewhere
  // (found by a stranger's review): the expert they must not go to.
  const NOT_TO: Array<[string, string]> = [
    ['Make the checkout page responsive on mobile devices', 'embedded-engineer'],
    ['Parse the JSON config file and validate it', 'llm-engineer'],
    ['Add structured logging to the API', 'llm-engineer'],
    ['Write marketing copy for the landing page', 'refactoring-specialist'],
    ['Implement the HTTP PATCH endpoint', 'code-reviewer'],
    ['Apply the security patch for the OpenSSL CVE', 'code-reviewer'],
    ['WebSocket connections dropped after 60 seconds', 'ui-ux-designer'],
    ['Record the general ledger entries for each invoice', 'blockchain-developer'],
    ['Port the CLI to run on every operating system', 'blockchain-developer'],
    ['Fix the first failing test in the invoice module', 'ui-ux-designer'],
    ['Handle payments declined by the card issuer', 'data-scientist'],
    ['Implement ray tracing shadows in the renderer', 'sre-engineer'],
    // Software tasks a first version of the everyday concepts (everyday-expansion.ts) sent elsewhere (a
    // stranger's review in stop 30): "token" -> crypto, "server" -> cloud, "pipeline" -> sales, "balancer"
    // stemmed to "balance" -> bank.
    ['token refresh is broken', 'blockchain-developer'],
    ['polling hammers the server', 'devops-engineer'],
    ['Continuous delivery pipeline for the mobile app', 'mobile-developer'],
    ['Load balancer health checks fail after the deploy', 'cloud-architect'],
  ];

  it('does not send ordinary tasks to an expert their everyday words only resemble', async () => {
    const core = await shippedCore();
    try {
      assert.ok(core.catalog.experts.length >= 24, 'the shipped experts are loaded');
      const wrong = NOT_TO.filter(([task, notTo]) => core.selector.selectBestAgent(task)?.expertId === notTo);
      assert.deepStrictEqual(wrong, []);
    } finally {
      core.dispose();
    }
  });
});
