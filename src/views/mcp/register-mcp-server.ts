// Offers Big Three's MCP server to VS Code (agent mode and other MCP clients in the editor) through
// vscode.lm.registerMcpServerDefinitionProvider (VS Code 1.101+, declared in contributes.
// mcpServerDefinitionProviders). Older editors lack the API: then nothing is registered and the log says
// how to add the server by hand.
import * as vscode from 'vscode';
import { fileWorkspaceFolders, readDataDir } from '../configuration';
import { mcpLaunch } from './mcp-launch';

export const MCP_PROVIDER_ID = 'bigThree.mcpServer';

/** The parts of the MCP API this file uses (absent from @types/vscode 1.95, the oldest editor supported). */
interface McpStdioServerDefinitionCtor {
  new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string): { cwd?: vscode.Uri };
}
interface McpApi {
  lm?: { registerMcpServerDefinitionProvider?(id: string, provider: unknown): vscode.Disposable };
  McpStdioServerDefinition?: McpStdioServerDefinitionCtor;
}

export function registerMcpServer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): boolean {
  const api = vscode as unknown as McpApi;
  const Definition = api.McpStdioServerDefinition;
  const register = api.lm?.registerMcpServerDefinitionProvider;
  const launch = () =>
    mcpLaunch({
      execPath: process.execPath,
      extensionPath: context.extensionPath,
      extensionVersion: String(context.extension.packageJSON.version ?? ''),
      folder: fileWorkspaceFolders()[0],
      dataDir: readDataDir(),
    });
  if (!Definition || !register) {
    const l = launch();
    log.info(
      `This editor has no MCP server API (VS Code 1.101+); to use Big Three's MCP server elsewhere run: ${[l.command, ...l.args].map((a) => JSON.stringify(a)).join(' ')}`,
    );
    return false;
  }
  const changed = new vscode.EventEmitter<void>();
  const provider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const l = launch();
      const definition = new Definition(l.label, l.command, l.args, l.env, l.version);
      if (l.cwd) definition.cwd = vscode.Uri.file(l.cwd);
      return [definition];
    },
  };
  context.subscriptions.push(
    changed,
    register.call(api.lm, MCP_PROVIDER_ID, provider),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('bigThree.dataDir') && changed.fire()),
  );
  return true;
}
