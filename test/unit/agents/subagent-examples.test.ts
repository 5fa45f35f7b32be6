// Claude Code subagents' <example> blocks: the users' requests become example requests, the prose the description.
import * as assert from 'assert';
import { splitSubagentDescription } from '../../../src/orchestrator/agents/subagent-examples';

describe('Claude Code subagent descriptions with example blocks', () => {
  it('leaves a description without example blocks as it is', () => {
    const description = 'Reviews SQL migrations for locking and rollback safety.';
    assert.deepStrictEqual(splitSubagentDescription(description), { summary: description, requests: [] });
  });

  it('takes the user lines of each block as requests and the prose outside the blocks as the summary', () => {
    const description = [
      'Use this agent when an API endpoint needs a review. Examples:',
      '',
      '<example>',
      'Context: The user has just written a new endpoint.',
      'user: "I\'ve added the /orders endpoint, can you check it?"',
      'assistant: "I\'ll use the api-reviewer agent to review the endpoint."',
      '<commentary>',
      'Since the user wrote new API code, use the api-reviewer agent.',
      '</commentary>',
      '</example>',
      '',
      '<example>',
      'Context: A pull request changes pagination.',
      '- user: is the cursor pagination on /users backwards compatible',
      '  with old clients?',
      '- assistant: Let me launch the api-reviewer agent.',
      '</example>',
    ].join('\n');
    const { summary, requests } = splitSubagentDescription(description);
    assert.strictEqual(summary, 'Use this agent when an API endpoint needs a review.');
    assert.deepStrictEqual(requests, [
      "I've added the /orders endpoint, can you check it?",
      'is the cursor pagination on /users backwards compatible with old clients?',
    ]);
  });

  it('reads blocks without a closing tag, curly quotes and emphasis, and keeps the description when it is only examples', () => {
    const { summary, requests } = splitSubagentDescription('<example>**User**: “why does the build cache miss every time?”<example>user: flaky e2e login test');
    assert.deepStrictEqual(requests, ['why does the build cache miss every time?', 'flaky e2e login test']);
    assert.strictEqual(summary, '<example>**User**: “why does the build cache miss every time?”<example>user: flaky e2e login test');
  });

  it('stays linear on a long hostile description', () => {
    const hostile = `${'<example>user: '.repeat(3000)}${'a'.repeat(20_000)}`;
    const started = Date.now();
    const { requests } = splitSubagentDescription(hostile);
    assert.ok(requests.length <= 60);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
