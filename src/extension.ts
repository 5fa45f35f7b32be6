// Composition root: builds the core over VS Code's ports and registers the views and commands.
import * as path from 'path';
import * as vscode from 'vscode';
import { NodeFileSystem } from './adapters/node-file-system';
import { AgentCore, createAgentCore, definitionSources } from './orchestrator/agents/agent-core';
import { systemClock } from './orchestrator/ports';
import { readPoolLimits } from './views/configuration';
import { loggerFor } from './views/output-logger';
import { AgentPoolTreeProvider } from './views/agent-pool/agent-pool-tree';
import { publishDefinitionProblems } from './views/agent-pool/definition-problems';
import { watchDefinitions } from './views/agent-pool/definition-watcher';
import { registerPoolCommands } from './views/agent-pool/pool-commands';
import { PoolStatsDocumentProvider } from './views/agent-pool/pool-stats-document';
import type { PoolNode } from './views/agent-pool/pool-tree-items';

export interface BigThreeApi {
  core: AgentCore;
  tree: AgentPoolTreeProvider;
  treeView: vscode.TreeView<PoolNode>;
  problems: vscode.DiagnosticCollection;
}

const IDLE_SWEEP_MS = 30_000;

export async function activate(context: vscode.ExtensionContext): Promise<BigThreeApi> {
  const log = vscode.window.createOutputChannel('Big Three', { log: true });
  context.subscriptions.push(log);
  const logger = loggerFor(log);
  const workspaceFolders = () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const builtinAgentsDir = path.join(context.extensionPath, 'agentpool');

  const { idleTimeoutSeconds, ...limits } = readPoolLimits();
  const core = await createAgentCore({ fs: new NodeFileSystem(), clock: systemClock, logger, builtinAgentsDir, workspaceFolders: workspaceFolders(), limits });
  const problems = vscode.languages.createDiagnosticCollection('big-three-agents');
  publishDefinitionProblems(problems, core.catalog.diagnostics);

  const tree = new AgentPoolTreeProvider(core);
  const treeView = vscode.window.createTreeView('bigThree.agentPool', { treeDataProvider: tree, showCollapseAll: true });
  const updateBadge = () => {
    const live = core.pool.getStats().live;
    treeView.badge = live ? { value: live, tooltip: `${live} live agent instance${live > 1 ? 's' : ''}` } : undefined;
  };
  const statsProvider = new PoolStatsDocumentProvider(core);
  let definitionWatcher = watchDefinitions(core.catalog, log);
  const sweep = setInterval(() => core.pool.cleanupIdleInstances(readPoolLimits().idleTimeoutSeconds), IDLE_SWEEP_MS);
  log.info(`Idle instances are terminated after ${idleTimeoutSeconds}s.`);

  context.subscriptions.push(
    { dispose: () => core.dispose() },
    { dispose: () => clearInterval(sweep) },
    problems,
    tree,
    treeView,
    core.catalog.onDidChange((snapshot) => {
      publishDefinitionProblems(problems, snapshot.diagnostics);
      tree.refresh();
    }),
    core.pool.onDidChange(updateBadge),
    statsProvider,
    vscode.workspace.registerTextDocumentContentProvider('big-three-stats', statsProvider),
    { dispose: () => definitionWatcher.dispose() },
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      definitionWatcher.dispose();
      definitionWatcher = watchDefinitions(core.catalog, log);
      core.catalog.setSources(definitionSources(builtinAgentsDir, workspaceFolders()));
      void core.catalog.reload();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bigThree.pool')) {
        const { idleTimeoutSeconds: _ignored, ...next } = readPoolLimits();
        core.pool.setLimits(next);
      }
    }),
    ...registerPoolCommands(core, log),
  );
  log.info(`Big Three activated with ${core.catalog.experts.length} experts.`);
  return { core, tree, treeView, problems };
}

export function deactivate(): void {}
