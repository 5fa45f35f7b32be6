// Wires the delegates into VS Code: the Claude coder with the VS Code tool host (safe edit applier,
// command guard), the Gemini browser on playwright-core, the delegation service on the secured pool,
// observability events, API keys from SecretStorage and the three commands.
import * as vscode from 'vscode';
import { NodeCommandRunner } from '../../adapters/node-command-runner';
import { NodeFileSystem } from '../../adapters/node-file-system';
import { playwrightLauncher } from '../../adapters/playwright-browser';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { ClaudeCoder } from '../../orchestrator/delegates/claude-coder';
import type { AsyncExpertRanker } from '../../orchestrator/delegates/delegation-service';
import { securedDelegatePool } from '../../orchestrator/delegates/delegate-pools';
import type { ContextRetriever } from '../../orchestrator/delegates/delegate-types';
import { DelegationService } from '../../orchestrator/delegates/delegation-service';
import type { CodeSearchHit } from '../../orchestrator/delegates/gated-tool-host';
import { GeminiBrowser } from '../../orchestrator/delegates/gemini-browser';
import type { ObservabilityManager } from '../../orchestrator/observability/observability-manager';
import { systemClock } from '../../orchestrator/ports';
import { fileWorkspaceFolders } from '../agent-pool/register-agent-pool';
import { loggerFor } from '../output-logger';
import type { SecurityFeature } from '../security/register-security';
import { ModalApprovalPort } from '../security/vscode-security-ports';
import { registerDelegateCommands } from './delegate-commands';
import { readBrowserSettings, readClaudeSettings, readGeminiSettings } from './delegate-settings';
import { VscodeToolHost } from './vscode-tool-host';

export interface DelegatesFeature {
  delegation: DelegationService;
  claudeCoder: ClaudeCoder;
  geminiBrowser: GeminiBrowser;
}

/** What the coder uses of the RAG service: task context and code search. */
export interface WorkspaceIndex extends ContextRetriever {
  searchCode(query: string, limit: number): Promise<readonly CodeSearchHit[]>;
}

export interface DelegateDeps {
  security: SecurityFeature;
  observability?: ObservabilityManager;
  /** The workspace index when one is built; the coder works without it. */
  index?: () => WorkspaceIndex | undefined;
  /** The learned selector: it may overrule the keyword pick when no expert was given. */
  learned?: () => AsyncExpertRanker | undefined;
}

export function registerDelegates(context: vscode.ExtensionContext, core: AgentCore, log: vscode.LogOutputChannel, deps: DelegateDeps): DelegatesFeature {
  const logger = loggerFor(log);
  const { security, apiKeys, edits, securedPool } = deps.security;
  const host = new VscodeToolHost(
    {
      gate: security.gate,
      fs: new NodeFileSystem(),
      paths: () => security.paths(),
      workspaceRoot: () => fileWorkspaceFolders()[0],
      commands: new NodeCommandRunner(),
      search: () => {
        const index = deps.index?.();
        return index ? (query, limit) => index.searchCode(query, limit) : undefined;
      },
    },
    edits,
    security.audit,
  );
  const claudeCoder = new ClaudeCoder({ host, settings: readClaudeSettings, apiKey: () => apiKeys.get('anthropic'), retriever: () => deps.index?.(), logger });
  const geminiBrowser = new GeminiBrowser({
    settings: readGeminiSettings,
    apiKey: () => apiKeys.get('gemini'),
    launcher: playwrightLauncher(readBrowserSettings),
    gate: security.gate,
    approval: new ModalApprovalPort(),
    logger,
  });
  const principal = () => security.localPrincipal;
  const delegation = new DelegationService({
    catalog: core.catalog,
    selector: core.selector,
    ...(deps.learned ? { learned: deps.learned } : {}),
    pool: securedDelegatePool(securedPool, principal),
    claude: claudeCoder,
    gemini: geminiBrowser,
    ...(deps.observability ? { events: () => deps.observability } : {}),
    clock: systemClock,
    logger,
    principal,
    sessionId: () => vscode.env.sessionId,
  });
  context.subscriptions.push(
    delegation,
    delegation.onDidChange(({ task, event }) => {
      if (event?.type === 'tool_call') log.debug(`[${task.taskId}] ${event.name} ${JSON.stringify(event.input).slice(0, 200)}`);
      if (event?.type === 'error') log.warn(`[${task.taskId}] ${event.message}`);
    }),
    ...registerDelegateCommands(delegation, core, log),
  );
  return { delegation, claudeCoder, geminiBrowser };
}
