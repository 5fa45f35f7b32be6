// What the Voice panel says about the provider keys before anything is started: Start needs an OpenAI
// key, delegating needs Anthropic (coding) or Gemini (browser). Pure: used by the webview script.
import type { KeyProvider, KeyStatus } from './messages';

export interface KeyNotice {
  /** True when Start cannot work: no OpenAI key is stored. */
  blocking: boolean;
  /** The first line of the notice (empty when every key is stored). */
  headline: string;
  /** What delegating still lacks (empty when both delegate keys are stored). */
  delegates: string;
  /** The key the panel's button asks for: OpenAI's first, then a delegate's; none when all are stored. */
  provider?: KeyProvider;
  /** The button's label. */
  button: string;
}

const LABELS: Record<KeyProvider, string> = { openai: 'OpenAI', anthropic: 'Anthropic', gemini: 'Gemini' };

export function keyNotice(keys: KeyStatus): KeyNotice {
  const provider = (['openai', 'anthropic', 'gemini'] as const).find((p) => !keys[p]);
  const missing = [...(keys.anthropic ? [] : ['an Anthropic key (Claude codes)']), ...(keys.gemini ? [] : ['a Gemini key (browser tasks)'])];
  return {
    blocking: !keys.openai,
    headline: keys.openai ? '' : 'Start needs an OpenAI key (any key your OpenAI-compatible server accepts).',
    delegates: missing.length ? `Delegating needs ${missing.join(' or ')}; without one, that delegate explains why instead of running.` : '',
    ...(provider ? { provider } : {}),
    button: provider ? `Set ${LABELS[provider]} API Key` : '',
  };
}
