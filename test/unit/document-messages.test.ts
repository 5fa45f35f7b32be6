import * as assert from 'assert';
import { MAX_DOCUMENT_CHARS, isReadyMessage, parseRenderMessage } from '../../src/views/documents/document-messages';

describe('document view messages', () => {
  it('accepts a render message with its markdown and refuses anything else', () => {
    assert.deepStrictEqual(parseRenderMessage({ type: 'render', markdown: '# Plan' }), { type: 'render', markdown: '# Plan' });
    for (const bad of [
      undefined,
      null,
      'render',
      { type: 'render' },
      { type: 'render', markdown: 3 },
      { type: 'other', markdown: 'x' },
      { type: 'render', markdown: 'x'.repeat(MAX_DOCUMENT_CHARS + 1) },
    ])
      assert.strictEqual(parseRenderMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 40));
  });

  it('knows the page is ready only from a ready message', () => {
    assert.ok(isReadyMessage({ type: 'ready' }));
    assert.ok(!isReadyMessage({ type: 'render', markdown: '' }));
    assert.ok(!isReadyMessage(null));
  });
});
