// Definition problems in the Problems panel, on the file and line they concern.
import * as vscode from 'vscode';
import type { DefinitionDiagnostic } from '../../orchestrator/agents/expert-definition';

const SEVERITY: Record<DefinitionDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function publishDefinitionProblems(collection: vscode.DiagnosticCollection, diagnostics: readonly DefinitionDiagnostic[]): void {
  collection.clear();
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const d of diagnostics) {
    const line = Math.max(0, (d.line ?? 1) - 1);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, 1000), d.message, SEVERITY[d.severity]);
    diagnostic.source = 'Big Three';
    const list = byFile.get(d.file) ?? [];
    list.push(diagnostic);
    byFile.set(d.file, list);
  }
  for (const [file, list] of byFile) collection.set(vscode.Uri.file(file), list);
}
