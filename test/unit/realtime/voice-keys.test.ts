// The Voice panel's honesty about keys: the host tells the webview which provider keys are stored
// (never the keys), checked both ways, and the panel's notice says what Start and delegating need.
import * as assert from 'assert';
import { keyNotice } from '../../../src/views/voice/key-notice';
import { parseHostMessage, parseWebviewMessage } from '../../../src/views/voice/messages';
import { voicePage } from '../../../src/views/voice/voice-html';

describe('voice panel: which API keys are stored', () => {
  it('accepts a keys message of three booleans only (a key itself can never ride along)', () => {
    assert.deepStrictEqual(parseHostMessage({ type: 'keys', openai: false, anthropic: true, gemini: false }), {
      type: 'keys',
      openai: false,
      anthropic: true,
      gemini: false,
    });
    for (const bad of [
      { type: 'keys', openai: 'sk-live-123', anthropic: true, gemini: true },
      { type: 'keys', openai: true, anthropic: true },
      { type: 'keys', openai: true, anthropic: true, gemini: true, key: 'sk-x' },
      { type: 'keys', openai: 1, anthropic: 0, gemini: 0 },
    ]) {
      assert.strictEqual(parseHostMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts the Set API Key request for a known provider only', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'set-api-key', provider: 'openai' }), { type: 'set-api-key', provider: 'openai' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'set-api-key', provider: 'gemini' }), { type: 'set-api-key', provider: 'gemini' });
    for (const bad of [
      { type: 'set-api-key' },
      { type: 'set-api-key', provider: 'azure' },
      { type: 'set-api-key', provider: 'openai', value: 'sk-x' },
      { type: 'set-api-key', provider: ['openai'] },
    ]) {
      assert.strictEqual(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('says up front that Start needs an OpenAI key, with the button for it', () => {
    const none = keyNotice({ openai: false, anthropic: false, gemini: false });
    assert.strictEqual(none.blocking, true);
    assert.match(none.headline, /^Start needs an OpenAI key/);
    assert.strictEqual(none.provider, 'openai');
    assert.strictEqual(none.button, 'Set OpenAI API Key');
    assert.match(none.delegates, /Anthropic key \(Claude codes\) or a Gemini key \(browser tasks\)/);
  });

  it('with the OpenAI key, names only what delegating still lacks; with every key, says nothing', () => {
    const voiceOnly = keyNotice({ openai: true, anthropic: false, gemini: true });
    assert.strictEqual(voiceOnly.blocking, false);
    assert.strictEqual(voiceOnly.headline, '');
    assert.strictEqual(voiceOnly.provider, 'anthropic');
    assert.strictEqual(voiceOnly.button, 'Set Anthropic API Key');
    assert.match(voiceOnly.delegates, /^Delegating needs an Anthropic key \(Claude codes\);/);
    assert.doesNotMatch(voiceOnly.delegates, /Gemini/);
    assert.deepStrictEqual(keyNotice({ openai: true, anthropic: true, gemini: true }), { blocking: false, headline: '', delegates: '', button: '' });
  });

  it('the page has the notice and its button before any message arrives', () => {
    const html = voicePage('webview.js', 'vscode-resource:', 'nonce123');
    assert.match(html, /<div id="keys" role="note"[^>]*><span id="keys-text"><\/span><button id="set-key" type="button">/);
  });
});
