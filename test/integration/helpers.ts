// Helpers shared by the integration suites that run inside the real VS Code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi, BigThreeExports } from '../../src/extension';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the outer runner for a screenshot and waits until the file exists. */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true }); // a stale shot would end the wait at once
  console.log(`@@SCREENSHOT ${file}`);
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(200);
}

export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

/** Activates the extension (once) and returns its API once the application is built. */
export async function activateBigThree(): Promise<BigThreeApi> {
  const extension = vscode.extensions.getExtension<BigThreeExports>('big-three.big-three');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()).ready;
}
