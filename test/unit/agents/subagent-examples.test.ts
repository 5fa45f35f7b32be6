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

  it('reads descriptions written on one line, as many collections do (review of stop 37)', () => {
    const description =
      'Use this agent when conducting QA. Examples: <example>Context: User has completed a new feature. user: "I\'ve finished the user login, can you review it?" assistant: "I\'ll use the project-tester agent" <commentary>since tests</commentary></example><example>Context: A release. user: \'We\'re about to deploy the payment module, please test it.\' assistant: "Running." </example>';
    assert.deepStrictEqual(splitSubagentDescription(description), {
      summary: 'Use this agent when conducting QA.',
      requests: ["I've finished the user login, can you review it?", "We're about to deploy the payment module, please test it."],
    });
  });

  it('keeps markup inside a request and ends it at the next speaker, the commentary or the block', () => {
    const { requests } = splitSubagentDescription('<example>\nuser: "This snippet fails validation:\n<img src=x>\nwhy?"\nassistant: ok\n</example>');
    assert.deepStrictEqual(requests, ['This snippet fails validation: <img src=x> why?']);
  });

  it('stays linear on long hostile descriptions (runs of spaces, labels, stars, unclosed blocks)', () => {
    // Six times the 32,000 characters a description may have: a quadratic pattern takes tens of seconds
    // here (0.85 s at 32,000 for the first version's "Examples:" pattern), a linear one milliseconds; the
    // bound is a hang guard, not a timing.
    for (const hostile of [
      `${'<example>user: '.repeat(3000)}${'a'.repeat(200_000)}`,
      `Reviews code. Examples${' '.repeat(200_000)}x <example>user: review my PR</example>`,
      `<example>user: a${' '.repeat(200_000)}x</example>`,
      `<example>user: ${' - **'.repeat(40_000)}</example>`,
      `<example>user: ${'*'.repeat(200_000)} assistant</example>`,
    ]) {
      const started = Date.now();
      const { requests } = splitSubagentDescription(hostile);
      assert.ok(requests.length <= 60);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    }
  });
});
