// A definition's optional "## Example Requests" section: requests as users word them, read one per line
// and scored as a field of their own; a definition without it is unchanged.
import * as assert from 'assert';
import { parseDefinition } from '../../../src/orchestrator/agents/definition-parser';
import { FieldIndex } from '../../../src/orchestrator/agents/selection/field-index';
import { FIELD_NAMES } from '../../../src/orchestrator/agents/selection/field-weights';
import { terms } from '../../../src/orchestrator/text/text-normalize';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { createAgentCore } from '../../../src/orchestrator/agents/agent-core';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import { repoRoot, shippedCore } from '../workflow/agent-core-fixture';

const definition = (examples: string) => `---
name: invoice-expert
description: Handles invoices.
tier: 2
category: finance
triggers: [invoice]
focus_areas: [billing]
tools: [read_file]
---
# Invoice Expert

## Role
Owns invoices.

## System Prompt
You handle invoices.

## Guidelines
- Be exact.
${examples}`;

describe('example requests in a definition', () => {
  it('reads one request per line, with or without a list marker, and none when the section is absent', () => {
    const parsed = parseDefinition(
      '/x/invoice-expert.md',
      definition('\n## Example Requests\n- customers see last month’s total twice\n* the PDF total is off by a cent\n3. refunds never show up\n\n'),
      'builtin',
    );
    assert.deepStrictEqual(parsed.definition?.examples, ['customers see last month’s total twice', 'the PDF total is off by a cent', 'refunds never show up']);
    assert.deepStrictEqual(
      parsed.diagnostics.filter((d) => d.severity !== 'info'),
      [],
    );
    const without = parseDefinition('/x/invoice-expert.md', definition(''), 'builtin');
    assert.strictEqual(without.definition?.examples, undefined);
    assert.strictEqual(without.definition?.guidelines.trim(), '- Be exact.', 'the section is not part of the guidelines (nor of the prompt)');
    assert.ok(!parsed.definition!.systemPrompt.includes('refunds'));
    // Without a System Prompt section the body is the prompt, still without the examples (review of stop 28).
    const noPrompt = parseDefinition(
      '/x/invoice-expert.md',
      definition('\n## Example Requests\n- refunds never show up\n').replace(/## System Prompt\nYou handle invoices.\n/, ''),
      'builtin',
    ).definition!;
    assert.deepStrictEqual(noPrompt.examples, ['refunds never show up']);
    assert.ok(noPrompt.systemPrompt.includes('Owns invoices') && !noPrompt.systemPrompt.includes('refunds'), noPrompt.systemPrompt);
  });

  it('takes a heading inside a fenced code block as text of its section, not as a section', () => {
    const fencedPrompt = [
      'You handle invoices. Answer in this shape:',
      '```markdown',
      '## Example Requests',
      '- not an example: part of the prompt',
      '## Guidelines',
      '```',
      '~~~~',
      '## Role',
      '~~~',
      'still fenced: a closing fence needs at least as many tildes',
      '~~~~',
      'After the fence.',
    ].join('\n');
    const parsed = parseDefinition(
      '/x/invoice-expert.md',
      definition('\n## Example Requests\n- refunds never show up\n').replace('You handle invoices.', fencedPrompt),
      'builtin',
    ).definition!;
    assert.deepStrictEqual(parsed.examples, ['refunds never show up']);
    assert.ok(parsed.systemPrompt.includes('- not an example: part of the prompt'), parsed.systemPrompt);
    assert.ok(parsed.systemPrompt.includes('## Guidelines') && parsed.systemPrompt.includes('## Role') && parsed.systemPrompt.includes('After the fence.'));
    assert.strictEqual(parsed.role.trim(), 'Owns invoices.');
    assert.strictEqual(parsed.guidelines.trim(), '- Be exact.');
  });

  it('counts their words for the expert: a task worded only as one of its examples reaches it', () => {
    const parsed = parseDefinition(
      '/x/invoice-expert.md',
      definition('\n## Example Requests\n- refunds never show up on the statement\n'),
      'builtin',
    ).definition!;
    const other = { ...parsed, id: 'other-expert', displayName: 'Other', triggers: ['statement'], examples: undefined, file: '/x/other.md' };
    const index = FieldIndex.create([parsed, other]);
    const refund = index.posting(terms('refunds')[0]!);
    assert.deepStrictEqual([...(refund?.experts ?? [])], [index.indexOf('invoice-expert')]);
    assert.ok(refund!.contributions[0]! > 0);
    const examplesShare = refund!.fieldShares[FIELD_NAMES.indexOf('examples')]!;
    assert.strictEqual(examplesShare, 1, 'all from the example requests');
  });

  it('every shipped expert has forty example requests', async () => {
    const core = await shippedCore();
    try {
      for (const expert of core.catalog.experts) assert.strictEqual(expert.examples?.length, 40, expert.id);
    } finally {
      core.dispose();
    }
  });
  it('does not take a workspace expert’s tasks away from it: words the examples share count as the definitions use them (review of stop 28)', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-custom-'));
    fs.mkdirSync(path.join(folder, '.big-three', 'agents'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, '.big-three', 'agents', 'payments-specialist.md'),
      `---
name: payments-specialist
description: Owns payment flows - Stripe and Adyen integrations, checkout, charges, refunds, double charges, webhooks from the payment provider, invoices and billing.
tier: 2
category: payments
triggers: [payment, payments, checkout, stripe, refund, charge, charged, billing, invoice]
focus_areas: [checkout flow, payment webhooks, idempotent charges]
tools: [read_file, edit_file, search_code]
---
# Payments Specialist

## Role
Owns everything that moves money in the product.

## System Prompt
You are the payments specialist. You fix checkout, charges, refunds and payment provider webhooks.

## Guidelines
- Make charges idempotent.
`,
    );
    const core = await createAgentCore({
      fs: new NodeFileSystem(),
      clock: systemClock,
      logger: silentLogger,
      builtinAgentsDir: path.join(repoRoot, 'agentpool'),
      workspaceFolders: [folder],
      realPath: nodeRealPath,
    });
    try {
      const tasks = [
        'Customers get charged twice when they double-click pay',
        'Refunds get issued twice when the provider resends the notification',
        'Some refunds appear twice in the ledger',
        'Add Apple Pay to the checkout',
        'Stripe webhook signature verification fails in production',
        'Customers are billed in the wrong currency at checkout',
        'Handle failed card payments and retry the charge',
        'Make payment charges idempotent',
        'Invoice PDF shows the wrong tax amount',
        'Checkout times out when the payment provider is slow',
      ];
      const won = tasks.filter((task) => core.selector.selectBestAgent(task)?.expertId === 'payments-specialist');
      // 9 of 10 before the shipped experts had examples; 7 when example words counted in every word's weight.
      assert.ok(won.length >= 9, `payments-specialist took ${won.length} of 10: missed ${tasks.filter((t) => !won.includes(t)).join(' | ')}`);
    } finally {
      core.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
