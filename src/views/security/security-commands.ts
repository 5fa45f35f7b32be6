// Palette commands of the security feature: Verify Audit Log, Manage Permissions, Set/Clear API Key,
// and the Audit Log view's filter and details. Each returns its result (for other extensions and the
// integration tests); errors are shown, never thrown at the user.
import * as vscode from 'vscode';
import { guardedCommands } from '../guarded-command';
import { API_KEY_PROVIDERS, ApiKeyProvider, ApiKeyStore, PROVIDER_LABELS, isApiKeyProvider, validateApiKey } from '../../orchestrator/security/api-keys';
import { AUDIT_EVENT_TYPES, AuditEventType, VerifyResult, isAuditEventType } from '../../orchestrator/security/audit-types';
import { BUILTIN_ROLES, PERMISSIONS } from '../../orchestrator/security/permissions';
import type { SecurityAdmin } from '../../orchestrator/security/security-admin';
import type { SecurityCore } from '../../orchestrator/security/security-core';
import { auditEventUri } from './audit-event-document';
import type { AuditFilter, AuditLogTreeProvider } from './audit-log-tree';
import { COMMANDS } from '../command-ids';
import type { UserWaits } from '../../orchestrator/rag/index-pacing';

export type PermissionAction =
  | { action: 'grant' | 'revoke'; principal: string; grant: string }
  | { action: 'issueToken'; principal: string; role?: string; days?: number }
  | { action: 'revokeToken'; tokenId: string }
  | { action: 'show' };

export interface SecurityCommandDeps {
  security: SecurityCore;
  admin: SecurityAdmin;
  apiKeys: ApiKeyStore;
  tree: AuditLogTreeProvider;
  log: vscode.LogOutputChannel;
  userWaits?: UserWaits;
}

export function registerSecurityCommands(deps: SecurityCommandDeps): vscode.Disposable[] {
  const { security, admin, apiKeys, tree, log, userWaits } = deps;
  const me = () => security.localPrincipal;
  const guarded = guardedCommands(log, userWaits);

  const pickProvider = async (arg: unknown, title: string): Promise<ApiKeyProvider | undefined> => {
    if (isApiKeyProvider(arg)) return arg;
    const configured = new Set(await apiKeys.configured());
    const pick = await vscode.window.showQuickPick(
      API_KEY_PROVIDERS.map((p) => ({ label: PROVIDER_LABELS[p], description: configured.has(p) ? 'key stored' : 'no key', provider: p })),
      { title },
    );
    return pick?.provider;
  };

  const askPermissionAction = async (): Promise<PermissionAction | undefined> => {
    const choice = await vscode.window.showQuickPick(
      [
        { label: '$(add) Grant a role or permission', id: 'grant' as const },
        { label: '$(remove) Revoke a role or permission', id: 'revoke' as const },
        { label: '$(key) Issue an API token', id: 'issueToken' as const },
        { label: '$(circle-slash) Revoke an API token', id: 'revokeToken' as const },
        { label: '$(json) Show permissions, policies and tokens', id: 'show' as const },
      ],
      { title: `Big Three: Manage Permissions (you are ${me()}, role ${security.access.getLocalRole()})` },
    );
    if (!choice) return undefined;
    if (choice.id === 'show') return { action: 'show' };
    if (choice.id === 'revokeToken') {
      const token = await vscode.window.showQuickPick(
        security.tokens
          .list()
          .filter((t) => t.revokedAt === undefined)
          .map((t) => ({ label: t.id, description: `${t.principal}, expires ${new Date(t.expiresAt).toISOString().slice(0, 10)}` })),
        { title: 'Token to revoke' },
      );
      return token ? { action: 'revokeToken', tokenId: token.label } : undefined;
    }
    const principal = await vscode.window.showInputBox({
      title: 'Principal',
      prompt: 'kind:name, e.g. token:ci-bot or expert:qa-expert',
      value: choice.id === 'issueToken' ? 'token:' : '',
      validateInput: (v) => (/^(local|token|expert):[A-Za-z0-9._@-]+$/.test(v) ? undefined : 'Use kind:name (local, token or expert)'),
    });
    if (!principal) return undefined;
    if (choice.id === 'issueToken') {
      const role = await vscode.window.showQuickPick(['viewer', 'developer', 'admin', '(no role)'], { title: `Role for ${principal}` });
      if (!role) return undefined;
      return { action: 'issueToken', principal, ...(role !== '(no role)' ? { role } : {}) };
    }
    const grant = await vscode.window.showQuickPick([...Object.keys(BUILTIN_ROLES), ...Object.keys(security.access.state.roles), ...PERMISSIONS], {
      title: `${choice.id === 'grant' ? 'Grant to' : 'Revoke from'} ${principal}`,
    });
    return grant ? { action: choice.id, principal, grant } : undefined;
  };

  return [
    guarded(COMMANDS.verifyAuditLog, async (): Promise<VerifyResult> => {
      const result = await security.audit.verify();
      if (result.ok) {
        void vscode.window.showInformationMessage(
          `Audit log intact: ${result.records} records in ${result.files} file${result.files === 1 ? '' : 's'}; last hash ${result.lastHash.slice(0, 12)}….`,
        );
      } else {
        const b = result.brokenAt;
        log.error(`Audit log verification failed at ${b.file}:${b.line}: ${b.reason}`);
        void vscode.window.showErrorMessage(`Audit log tampered or damaged: ${b.reason} (${b.file}, line ${b.line}).`, 'Open File').then(async (action) => {
          if (action !== 'Open File') return;
          const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(b.file));
          await vscode.window.showTextDocument(doc, { selection: new vscode.Range(b.line - 1, 0, b.line - 1, 0) });
        });
      }
      return result;
    }),

    guarded(COMMANDS.managePermissions, async (arg?: PermissionAction) => {
      const request = arg ?? (await askPermissionAction());
      if (!request) return undefined;
      switch (request.action) {
        case 'grant':
          await admin.grant(me(), request.principal, request.grant);
          void vscode.window.showInformationMessage(`Granted ${request.grant} to ${request.principal}.`);
          return security.access.state.grants[request.principal];
        case 'revoke': {
          const removed = await admin.revoke(me(), request.principal, request.grant);
          void vscode.window.showInformationMessage(
            removed ? `Revoked ${request.grant} from ${request.principal}.` : `${request.principal} did not have ${request.grant}.`,
          );
          return removed;
        }
        case 'issueToken': {
          const { token, record } = await admin.issueToken(me(), request.principal, {
            ...(request.role ? { role: request.role } : {}),
            ...(request.days ? { ttlMs: request.days * 86_400_000 } : {}),
          });
          if (!arg) {
            await vscode.env.clipboard.writeText(token);
            void vscode.window.showInformationMessage(
              `Token ${record.id} for ${record.principal} copied to the clipboard. It is shown only once and stored only as a hash.`,
            );
          }
          return { id: record.id, principal: record.principal, expiresAt: record.expiresAt, ...(arg ? { token } : {}) };
        }
        case 'revokeToken':
          return admin.revokeToken(me(), request.tokenId);
        case 'show': {
          const text = JSON.stringify(
            {
              you: me(),
              localRole: security.access.getLocalRole(),
              ...security.access.state,
              tokens: security.tokens.list().map(({ hash: _hash, ...t }) => t),
            },
            null,
            2,
          );
          await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: text }), { preview: true });
          return security.access.state;
        }
      }
    }),

    guarded(COMMANDS.setApiKey, async (providerArg?: string, valueArg?: string) => {
      const provider = await pickProvider(providerArg, 'Set API key for');
      if (!provider) return undefined;
      const value =
        valueArg ??
        (await vscode.window.showInputBox({
          title: `${PROVIDER_LABELS[provider]} API key`,
          prompt: 'Stored only in VS Code secret storage',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => validateApiKey(v),
        }));
      if (value === undefined) return undefined;
      await apiKeys.set(provider, value);
      void vscode.window.showInformationMessage(`${PROVIDER_LABELS[provider]} API key stored in secret storage.`);
      return provider;
    }),

    guarded(COMMANDS.clearApiKey, async (providerArg?: string) => {
      const provider = await pickProvider(providerArg, 'Clear API key for');
      if (!provider) return undefined;
      const had = await apiKeys.clear(provider);
      void vscode.window.showInformationMessage(had ? `${PROVIDER_LABELS[provider]} API key removed.` : `No ${PROVIDER_LABELS[provider]} API key was stored.`);
      return had;
    }),

    guarded(COMMANDS.filterAuditLog, async (arg?: AuditFilter) => {
      let filter = arg;
      if (!filter) {
        const type = await vscode.window.showQuickPick(['(any type)', ...AUDIT_EVENT_TYPES], { title: 'Show audit events of type' });
        if (!type) return undefined;
        const user = await vscode.window.showInputBox({ title: 'Only events of this principal (empty for everyone)', value: tree.getFilter().user ?? '' });
        if (user === undefined) return undefined;
        filter = { ...(isAuditEventType(type) ? { type: type as AuditEventType } : {}), ...(user.trim() ? { user: user.trim() } : {}) };
      }
      tree.setFilter(filter);
      return tree.records().length;
    }),

    guarded(COMMANDS.clearAuditFilter, async () => {
      tree.setFilter({});
      return tree.records().length;
    }),

    guarded(COMMANDS.showAuditEvent, async (seq?: number) => {
      if (!Number.isSafeInteger(seq)) return undefined;
      const doc = await vscode.workspace.openTextDocument(auditEventUri(seq!));
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
      return doc.uri.toString();
    }),
  ];
}
