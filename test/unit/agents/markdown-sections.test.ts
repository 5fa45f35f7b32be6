// Sections of a definition body against a CommonMark parser (markdown-it, a development dependency): the
// `## Heading` lines splitSections takes as sections are the level-2 headings markdown-it finds, for
// fences at the top level, in list items, unclosed, and with the rules on fence characters and lengths.
import * as assert from 'assert';
import MarkdownIt from 'markdown-it';
import { splitSections } from '../../../src/orchestrator/agents/markdown-sections';

const markdown = new MarkdownIt();

function commonMarkHeadings(body: string): string[] {
  const tokens = markdown.parse(body, {});
  return tokens.flatMap((t, i) => (t.type === 'heading_open' && t.tag === 'h2' ? [tokens[i + 1]!.content.trim().toLowerCase()] : []));
}

const tail = '\n\n## Guidelines\n- Be exact.\n\n## Example Requests\n- refund an invoice\n';
const CASES: Record<string, string> = {
  'a fence at the top level holding a heading': '## System Prompt\nShape:\n```markdown\n## Not A Section\n```' + tail,
  'a fence opened on a list item': '## System Prompt\nCheck your work:\n- ```bash\n  npm test\n  ```' + tail,
  'an ordered item opening a fence': '## System Prompt\n1. ```sql\n   select 1;\n   ```' + tail,
  'a fence left open in a list item': '## System Prompt\n- Run:\n  ```bash\n  npm test\n- Reply.' + tail,
  'a closing fence indented four spaces inside an item': '## System Prompt\n1. Run:\n   ```bash\n   npm test\n    ```' + tail,
  'a backtick info string holding a backtick (not a fence)': '## System Prompt\n``` a`b\n## Heading After' + tail,
  'a closing line with text after it (still open)': '## System Prompt\n```\n## Inside\n``` not a close\n```' + tail,
  'tildes do not close backticks': '## System Prompt\n```\n## Inside\n~~~\n```' + tail,
  'a shorter closing fence does not close': '## System Prompt\n````\n## Inside\n```\n````' + tail,
};

describe('definition body sections (CommonMark headings)', () => {
  for (const [name, body] of Object.entries(CASES)) {
    it(`finds the headings CommonMark finds: ${name}`, () => {
      const expected = commonMarkHeadings(body);
      assert.deepStrictEqual([...splitSections(body).sections.keys()], expected, body);
    });
  }

  it('takes a fence that never closes as text (the one difference from CommonMark: a forgotten fence hides no section)', () => {
    const body = '## System Prompt\nText.' + tail + '```\n## After An Open Fence\n';
    assert.deepStrictEqual(commonMarkHeadings(body), ['system prompt', 'guidelines', 'example requests']);
    assert.deepStrictEqual([...splitSections(body).sections.keys()], ['system prompt', 'guidelines', 'example requests', 'after an open fence']);
  });

  it('keeps what a fence holds in the section around it', () => {
    const { sections } = splitSections(CASES['a fence opened on a list item']!);
    assert.strictEqual(sections.get('guidelines'), '- Be exact.');
    assert.strictEqual(sections.get('example requests'), '- refund an invoice');
    assert.ok(sections.get('system prompt')!.includes('npm test'));
  });
});
