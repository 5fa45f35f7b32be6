// Reads the delegates' settings. Endpoints and the browser executable are application-scoped in
// package.json, so a workspace can never send your API key elsewhere or run a binary of its choice.
import * as vscode from 'vscode';
import type { PlaywrightBrowserSettings } from '../../adapters/playwright-browser';
import { type ClaudeSettings, DEFAULT_CLAUDE_SETTINGS, DEFAULT_GEMINI_SETTINGS, type GeminiSettings } from '../../orchestrator/delegates/provider-settings';

const positive = (value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.min(Math.floor(value), max) : fallback;
const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value.trim() ? value.trim() : fallback);
const optionalUrl = (value: unknown): { baseUrl?: string } =>
  typeof value === 'string' && /^https?:\/\/\S+$/.test(value.trim()) ? { baseUrl: value.trim().replace(/\/+$/, '') } : {};

export function readClaudeSettings(): ClaudeSettings {
  const c = vscode.workspace.getConfiguration('bigThree.claude');
  return {
    model: text(c.get('model'), DEFAULT_CLAUDE_SETTINGS.model),
    ...optionalUrl(c.get('baseUrl')),
    maxTokens: positive(c.get('maxTokens'), DEFAULT_CLAUDE_SETTINGS.maxTokens, 128_000),
    maxTurns: positive(c.get('maxTurns'), DEFAULT_CLAUDE_SETTINGS.maxTurns, 200),
    maxRetries: Math.max(0, Math.min(10, Math.floor(Number(c.get('maxRetries', DEFAULT_CLAUDE_SETTINGS.maxRetries))) || 0)),
    timeoutMs: positive(c.get('timeoutSeconds'), DEFAULT_CLAUDE_SETTINGS.timeoutMs / 1000) * 1000,
  };
}

export function readGeminiSettings(): GeminiSettings {
  const c = vscode.workspace.getConfiguration('bigThree.gemini');
  return {
    ...optionalUrl(c.get('baseUrl')),
    apiVersion: text(c.get('apiVersion'), DEFAULT_GEMINI_SETTINGS.apiVersion),
    model: text(c.get('model'), DEFAULT_GEMINI_SETTINGS.model),
    computerUseModel: text(c.get('computerUseModel'), DEFAULT_GEMINI_SETTINGS.computerUseModel),
    maxTurns: positive(c.get('maxTurns'), DEFAULT_GEMINI_SETTINGS.maxTurns, 200),
    startUrl: text(c.get('startUrl'), DEFAULT_GEMINI_SETTINGS.startUrl),
    keepScreenshots: DEFAULT_GEMINI_SETTINGS.keepScreenshots,
    retry: { ...DEFAULT_GEMINI_SETTINGS.retry, attempts: positive(c.get('retryAttempts'), DEFAULT_GEMINI_SETTINGS.retry.attempts, 10) },
    malformedRetries: DEFAULT_GEMINI_SETTINGS.malformedRetries,
  };
}

export function readBrowserSettings(): PlaywrightBrowserSettings {
  const c = vscode.workspace.getConfiguration('bigThree.browser');
  const path = c.get<string>('executablePath', '');
  return {
    ...(path.trim() ? { executablePath: path.trim() } : {}),
    headless: c.get<boolean>('headless', true) !== false,
    width: positive(c.get('width'), 1280, 3840),
    height: positive(c.get('height'), 800, 2160),
    actionTimeoutMs: 15_000,
  };
}
