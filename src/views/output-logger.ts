import * as vscode from 'vscode';
import type { LoggerPort } from '../orchestrator/ports';

function render(message: string, details: unknown[]): string {
  if (!details.length) return message;
  return `${message} ${details.map((d) => (d instanceof Error ? (d.stack ?? d.message) : typeof d === 'string' ? d : JSON.stringify(d))).join(' ')}`;
}

/** The core's LoggerPort on the extension's single LogOutputChannel. */
export function loggerFor(channel: vscode.LogOutputChannel): LoggerPort {
  return {
    debug: (message, ...details) => channel.debug(render(message, details)),
    info: (message, ...details) => channel.info(render(message, details)),
    warn: (message, ...details) => channel.warn(render(message, details)),
    error: (message, ...details) => channel.error(render(message, details)),
  };
}
