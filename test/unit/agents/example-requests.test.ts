// A definition's optional "## Example Requests" section: requests as users word them, read one per line
// and scored as a field of their own; a definition without it is unchanged.
import * as assert from 'assert';
import { parseDefinition } from '../../../src/orchestrator/agents/definition-parser';
import { FIELD_NAMES, FieldIndex } from '../../../src/orchestrator/agents/selection/field-index';
import { terms } from '../../../src/orchestrator/text/text-normalize';
import { shippedCore } from '../workflow/agent-core-fixture';

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
});
