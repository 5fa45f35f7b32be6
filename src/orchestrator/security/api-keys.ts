// Provider API keys live only in the host's secret storage (VS Code SecretStorage). Setting and
// clearing a key is audited; the key itself never reaches a log or the audit file.
import { InvalidArgumentError } from '../errors';
import type { SecretsPort } from '../ports';
import type { AuditLogger } from './audit-logger';

export const API_KEY_PROVIDERS = ['openai', 'anthropic', 'gemini'] as const;
export type ApiKeyProvider = (typeof API_KEY_PROVIDERS)[number];

export const PROVIDER_LABELS: Record<ApiKeyProvider, string> = { openai: 'OpenAI', anthropic: 'Anthropic (Claude)', gemini: 'Google Gemini' };

export function isApiKeyProvider(value: unknown): value is ApiKeyProvider {
  return typeof value === 'string' && (API_KEY_PROVIDERS as readonly string[]).includes(value);
}

export function secretKeyName(provider: ApiKeyProvider): string {
  return `bigThree.apiKey.${provider}`;
}

/** Returns why a key is unusable, or undefined when it looks fine. */
export function validateApiKey(value: string): string | undefined {
  if (!value.trim()) return 'The key is empty.';
  if (value !== value.trim() || /\s/.test(value)) return 'The key contains spaces or line breaks; paste only the key.';
  if (value.length < 8 || value.length > 512) return 'A key is between 8 and 512 characters long.';
  if (!/^[\x21-\x7e]+$/.test(value)) return 'The key contains characters that are not printable ASCII.';
  return undefined;
}

/** How a key is set in VS Code, for a host that says nothing else. */
export function vscodeKeyAdvice(provider: ApiKeyProvider): string {
  return `run "Big Three: Set API Key" and choose ${PROVIDER_LABELS[provider]}`;
}

export class ApiKeyStore {
  constructor(
    private readonly secrets: SecretsPort,
    private readonly audit: AuditLogger,
    private readonly user: () => string,
  ) {}

  async set(provider: ApiKeyProvider, value: string): Promise<void> {
    if (!isApiKeyProvider(provider)) throw new InvalidArgumentError(`Unknown provider "${String(provider)}"; use one of ${API_KEY_PROVIDERS.join(', ')}.`);
    const problem = validateApiKey(value);
    if (problem) throw new InvalidArgumentError(`${PROVIDER_LABELS[provider]} key not saved: ${problem}`);
    await this.audit.record({
      type: 'security_config_changed',
      user: this.user(),
      operation: 'secrets.set',
      outcome: 'success',
      message: `${PROVIDER_LABELS[provider]} API key stored in secret storage`,
      details: { provider },
    });
    await this.secrets.store(secretKeyName(provider), value);
  }

  async clear(provider: ApiKeyProvider): Promise<boolean> {
    const had = (await this.secrets.get(secretKeyName(provider))) !== undefined;
    await this.audit.record({
      type: 'security_config_changed',
      user: this.user(),
      operation: 'secrets.clear',
      outcome: 'success',
      message: `${PROVIDER_LABELS[provider]} API key ${had ? 'removed' : 'was not set'}`,
      details: { provider },
    });
    await this.secrets.delete(secretKeyName(provider));
    return had;
  }

  get(provider: ApiKeyProvider): Promise<string | undefined> {
    return this.secrets.get(secretKeyName(provider));
  }

  /** What to do to set the key, in this host's terms (a command in VS Code, an environment variable in the CLI). */
  howToSet(provider: ApiKeyProvider): string {
    return this.secrets.howToSetKey?.(provider) ?? vscodeKeyAdvice(provider);
  }

  async configured(): Promise<ApiKeyProvider[]> {
    const out: ApiKeyProvider[] = [];
    for (const p of API_KEY_PROVIDERS) if ((await this.get(p)) !== undefined) out.push(p);
    return out;
  }
}
