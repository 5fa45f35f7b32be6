// A definition whose front matter never closes (no second "---" line) is read whole as front matter:
// that is said as a warning instead of loading silently with an empty body (robustness probe, stop 35).
import * as assert from 'assert';
import { parseDefinition } from '../../../src/orchestrator/agents/definition-parser';

const closing = /no closing "---" line/;

describe('front matter without its closing line', () => {
  it('is warned about, for a Claude subagent without a closing "---"', () => {
    const result = parseDefinition('/w/.claude/agents/no-end.md', '---\nname: no-end\ndescription: reviews pull requests\nYou review code.\n', 'claude');
    assert.ok(
      result.diagnostics.some((d) => d.severity === 'warning' && closing.test(d.message)),
      JSON.stringify(result.diagnostics),
    );
  });

  it('is not warned about when the front matter closes, with LF or CRLF line ends or an empty body', () => {
    for (const text of [
      '---\nname: ok-one\ndescription: reviews pull requests\n---\nYou review code.\n',
      '---\r\nname: ok-two\r\ndescription: reviews pull requests\r\n---\r\nYou review code.\r\n',
      '---\nname: ok-three\ndescription: reviews pull requests\n---',
    ]) {
      const result = parseDefinition('/w/.claude/agents/ok.md', text, 'claude');
      assert.ok(!result.diagnostics.some((d) => closing.test(d.message)), `${JSON.stringify(text)}: ${JSON.stringify(result.diagnostics)}`);
    }
  });
});
