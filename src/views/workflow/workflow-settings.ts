import * as vscode from 'vscode';
import type { FailurePolicy } from '../../orchestrator/workflow/execution-types';

export interface WorkflowSettings {
  concurrency: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  failurePolicy: FailurePolicy;
}

export function readWorkflowSettings(): WorkflowSettings {
  const c = vscode.workspace.getConfiguration('bigThree.workflow');
  const policy = c.get<string>('failurePolicy', 'fail-fast');
  return {
    concurrency: Math.max(1, Math.floor(c.get<number>('concurrency', 3))),
    maxAttempts: Math.max(1, Math.floor(c.get<number>('maxAttempts', 2))),
    retryBaseDelayMs: Math.max(0, Math.round(c.get<number>('retryDelaySeconds', 2) * 1000)),
    failurePolicy: policy === 'continue' ? 'continue' : 'fail-fast',
  };
}
