// Read-only documents with the full JSON of one audit record: big-three-audit:/event-<seq>.json
import * as vscode from 'vscode';
import type { AuditLogger } from '../../orchestrator/security/audit-logger';

export const AUDIT_SCHEME = 'big-three-audit';

export function auditEventUri(seq: number): vscode.Uri {
  return vscode.Uri.from({ scheme: AUDIT_SCHEME, path: `/event-${seq}.json` });
}

export class AuditEventDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly audit: AuditLogger) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const seq = Number(/event-(\d+)\.json$/.exec(uri.path)?.[1]);
    if (!Number.isSafeInteger(seq)) return `// ${uri.path} is not an audit event address.`;
    const record =
      this.audit.getRecentEvents(Number.MAX_SAFE_INTEGER).find((r) => r.seq === seq) ??
      (await this.audit.searchEvents({ limit: Number.MAX_SAFE_INTEGER })).find((r) => r.seq === seq);
    if (!record) return `// Audit event #${seq} is not in the log (it may have been rotated away).`;
    return `${JSON.stringify({ ...record, time: new Date(record.ts).toISOString() }, null, 2)}\n`;
  }
}
