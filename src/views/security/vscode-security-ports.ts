// VS Code implementations of the ports the security layer needs: approval prompts and secrets.
import * as vscode from 'vscode';
import type { ApprovalPort, ApprovalRequest, SecretsPort } from '../../orchestrator/ports';

/** Asks with a modal dialog; only an explicit click on "Approve" approves. */
export class ModalApprovalPort implements ApprovalPort {
  async requestApproval(request: ApprovalRequest): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(`Big Three: ${request.action}`, { modal: true, detail: request.detail }, 'Approve');
    return choice === 'Approve';
  }
}

export function secretsPortFor(storage: vscode.SecretStorage): SecretsPort {
  return {
    get: async (key) => storage.get(key),
    store: async (key, value) => storage.store(key, value),
    delete: async (key) => storage.delete(key),
  };
}
