// Wires the security feature into VS Code: the security core over the extension's storage and
// settings, the Audit Log view, the commands, API keys in SecretStorage and the safe edit applier.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { NodeFileSystem } from '../../adapters/node-file-system';
import { nodeRealPath } from '../../adapters/node-real-path';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { systemClock } from '../../orchestrator/ports';
import { ApiKeyStore } from '../../orchestrator/security/api-keys';
import { SecuredPool } from '../../orchestrator/security/secured-pool';
import { SecurityAdmin } from '../../orchestrator/security/security-admin';
import { SecurityCore, createSecurityCore } from '../../orchestrator/security/security-core';
import { fileWorkspaceFolders } from '../agent-pool/register-agent-pool';
import { ProposedContentProvider, PROPOSED_SCHEME } from '../edits/proposed-content';
import { SafeEditApplier } from '../edits/safe-edit-applier';
import { loggerFor } from '../output-logger';
import { AUDIT_SCHEME, AuditEventDocumentProvider } from './audit-event-document';
import { AuditLogTreeProvider, AuditNode } from './audit-log-tree';
import { registerSecurityCommands } from './security-commands';
import { readSecuritySettings } from './security-settings';
import { ModalApprovalPort, secretsPortFor } from './vscode-security-ports';

export interface SecurityFeature {
  security: SecurityCore;
  securedPool: SecuredPool;
  securityAdmin: SecurityAdmin;
  apiKeys: ApiKeyStore;
  edits: SafeEditApplier;
  /** The virtual documents behind the edit diffs (scheme big-three-proposed). */
  proposedContent: ProposedContentProvider;
  auditTree: AuditLogTreeProvider;
  auditView: vscode.TreeView<AuditNode>;
}

/** local:<os user>, reduced to the characters a principal may contain. */
export function localPrincipalName(): string {
  let user = 'user';
  try {
    user = os.userInfo().username.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64) || 'user';
  } catch {
    // no user name on this system: keep the generic one
  }
  return `local:${user}`;
}

export async function registerSecurity(context: vscode.ExtensionContext, core: AgentCore, log: vscode.LogOutputChannel): Promise<SecurityFeature> {
  const fs = new NodeFileSystem();
  const security = await createSecurityCore({
    fs,
    clock: systemClock,
    logger: loggerFor(log),
    realPath: nodeRealPath,
    dataDir: path.join(context.globalStorageUri.fsPath, 'security'),
    localPrincipal: localPrincipalName(),
    workspaceRoots: fileWorkspaceFolders(),
    expertTools: (id) => core.catalog.find(id)?.tools,
    approval: new ModalApprovalPort(),
    settings: readSecuritySettings(),
  });
  const securedPool = new SecuredPool(security.gate, core.pool);
  const securityAdmin = new SecurityAdmin(security.gate, security.access, security.tokens);
  const apiKeys = new ApiKeyStore(secretsPortFor(context.secrets), security.audit, () => security.localPrincipal);
  const proposed = new ProposedContentProvider();
  const edits = new SafeEditApplier(security.gate, security.paths, proposed, log);
  const auditTree = new AuditLogTreeProvider(security.audit);
  const auditView = vscode.window.createTreeView('bigThree.auditLog', { treeDataProvider: auditTree });
  const updateBadge = () => {
    const critical = auditTree.records().filter((r) => r.severity === 'critical').length;
    auditView.badge = critical ? { value: critical, tooltip: `${critical} critical security event${critical > 1 ? 's' : ''}` } : undefined;
  };
  updateBadge();

  context.subscriptions.push(
    { dispose: () => void security.dispose() },
    proposed,
    auditTree,
    auditView,
    security.audit.onDidAppend(updateBadge),
    vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, new AuditEventDocumentProvider(security.audit)),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, proposed),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bigThree.security') || e.affectsConfiguration('bigThree.autoApprove')) {
        security.updateSettings(readSecuritySettings());
        log.info(`Security settings updated (local role ${security.access.getLocalRole()}).`);
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => security.setWorkspaceRoots(fileWorkspaceFolders())),
    ...registerSecurityCommands({ security, admin: securityAdmin, apiKeys, tree: auditTree, log }),
  );
  log.info(`Security: ${security.localPrincipal} acts with role "${security.access.getLocalRole()}"; audit log in ${security.audit.directory}.`);
  return { security, securedPool, securityAdmin, apiKeys, edits, proposedContent: proposed, auditTree, auditView };
}
