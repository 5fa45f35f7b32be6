// Wires the Agent Pool feature into VS Code: tree view, Problems, live reload, commands, idle sweep.
import * as path from 'path';
import * as vscode from 'vscode';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { definitionSources } from '../../orchestrator/agents/agent-core';
import { fileWorkspaceFolders, readPoolLimits } from '../configuration';
import { AgentPoolTreeProvider } from './agent-pool-tree';
import { publishDefinitionProblems } from './definition-problems';
import { watchDefinitions } from './definition-watcher';
import { PoolSecurity, registerPoolCommands } from './pool-commands';
import { PoolStatsDocumentProvider } from './pool-stats-document';
import type { PoolNode } from './pool-tree-items';
import { VIEWS } from '../command-ids';
import type { UserWaits } from '../../orchestrator/rag/index-pacing';

const IDLE_SWEEP_MS = 30_000;

export interface AgentPoolViews {
  tree: AgentPoolTreeProvider;
  treeView: vscode.TreeView<PoolNode>;
  problems: vscode.DiagnosticCollection;
}

export function registerAgentPool(
  context: vscode.ExtensionContext,
  core: AgentCore,
  log: vscode.LogOutputChannel,
  security: PoolSecurity,
  userWaits?: UserWaits,
): AgentPoolViews {
  const builtinAgentsDir = path.join(context.extensionPath, 'agentpool');
  const problems = vscode.languages.createDiagnosticCollection('big-three-agents');
  publishDefinitionProblems(problems, core.catalog.diagnostics);

  const tree = new AgentPoolTreeProvider(core);
  const treeView = vscode.window.createTreeView(VIEWS.agentPool, { treeDataProvider: tree, showCollapseAll: true });
  const updateBadge = () => {
    const live = core.pool.getStats().live;
    treeView.badge = live ? { value: live, tooltip: `${live} live agent instance${live > 1 ? 's' : ''}` } : undefined;
  };
  const statsProvider = new PoolStatsDocumentProvider(core);
  let definitionWatcher = watchDefinitions(core.catalog, log);
  const sweep = setInterval(() => core.pool.cleanupIdleInstances(readPoolLimits().idleTimeoutSeconds), IDLE_SWEEP_MS);

  context.subscriptions.push(
    { dispose: () => clearInterval(sweep) },
    problems,
    tree,
    treeView,
    statsProvider,
    vscode.workspace.registerTextDocumentContentProvider('big-three-stats', statsProvider),
    { dispose: () => definitionWatcher.dispose() },
    core.catalog.onDidChange((snapshot) => {
      publishDefinitionProblems(problems, snapshot.diagnostics);
      tree.refresh();
    }),
    core.pool.onDidChange(updateBadge),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      definitionWatcher.dispose();
      definitionWatcher = watchDefinitions(core.catalog, log);
      core.catalog.setSources(definitionSources(builtinAgentsDir, fileWorkspaceFolders()));
      void core.catalog.reload();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bigThree.pool')) {
        const { idleTimeoutSeconds: _ignored, ...next } = readPoolLimits();
        core.pool.setLimits(next);
      }
    }),
    ...registerPoolCommands(core, log, security, userWaits),
  );
  return { tree, treeView, problems };
}
