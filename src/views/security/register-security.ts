// Registers the security feature's UI: the Audit Log view and its badge, the audit and proposed-edit
// documents, the commands, and settings changes applied to the core's security layer.
import * as vscode from 'vscode';
import type { BigThree } from '../../orchestrator/app/create-big-three';
import { fileWorkspaceFolders } from '../configuration';
import { ProposedContentProvider, PROPOSED_SCHEME } from '../edits/proposed-content';
import { AUDIT_SCHEME, AuditEventDocumentProvider } from './audit-event-document';
import { AuditLogTreeProvider, AuditNode } from './audit-log-tree';
import { registerSecurityCommands } from './security-commands';
import { readSecuritySettings } from './security-settings';
import { VIEWS } from '../command-ids';
import type { UserWaits } from '../../orchestrator/rag/index-pacing';

export interface SecurityViews {
  auditTree: AuditLogTreeProvider;
  auditView: vscode.TreeView<AuditNode>;
}

export function registerSecurity(
  context: vscode.ExtensionContext,
  app: BigThree,
  proposed: ProposedContentProvider,
  log: vscode.LogOutputChannel,
  userWaits?: UserWaits,
): SecurityViews {
  const { security } = app;
  const auditTree = new AuditLogTreeProvider(security.audit);
  const auditView = vscode.window.createTreeView(VIEWS.auditLog, { treeDataProvider: auditTree });
  const updateBadge = () => {
    const critical = auditTree.records().filter((r) => r.severity === 'critical').length;
    auditView.badge = critical ? { value: critical, tooltip: `${critical} critical security event${critical > 1 ? 's' : ''}` } : undefined;
  };
  updateBadge();

  context.subscriptions.push(
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
    ...registerSecurityCommands({ security, admin: app.securityAdmin, apiKeys: app.apiKeys, tree: auditTree, log, ...(userWaits ? { userWaits } : {}) }),
  );
  log.info(`Security: ${security.localPrincipal} acts with role "${security.access.getLocalRole()}"; audit log in ${security.audit.directory}.`);
  return { auditTree, auditView };
}
