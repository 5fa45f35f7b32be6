// Composition root: builds the core over VS Code's ports and registers each feature's views and
// commands. Features live in src/views/<feature>/register-*.ts; this file only wires them.
import * as path from 'path';
import * as vscode from 'vscode';
import { NodeFileSystem } from './adapters/node-file-system';
import { AgentCore, createAgentCore } from './orchestrator/agents/agent-core';
import { systemClock } from './orchestrator/ports';
import { readPoolLimits } from './views/configuration';
import { loggerFor } from './views/output-logger';
import { fileWorkspaceFolders, registerAgentPool, type AgentPoolViews } from './views/agent-pool/register-agent-pool';
import { registerLearning, type LearningFeature } from './views/learning/register-learning';
import { registerWorkflow, type WorkflowViews } from './views/workflow/register-workflow';
import { registerSecurity, type SecurityFeature } from './views/security/register-security';
import { registerRag, type RagFeature } from './views/rag/register-rag';
import { registerDelegates, type DelegatesFeature } from './views/delegates/register-delegates';
import { CoderAgentRunner } from './orchestrator/delegates/coder-agent-runner';
import { ClaudeEventSummarizer } from './orchestrator/delegates/claude-event-summarizer';
import { readClaudeSettings } from './views/delegates/delegate-settings';
import { registerVoice, type VoiceFeature } from './views/voice/register-voice';

export interface BigThreeApi extends AgentPoolViews, LearningFeature, SecurityFeature, WorkflowViews, RagFeature, DelegatesFeature, VoiceFeature {
  core: AgentCore;
  log: vscode.LogOutputChannel;
}

export async function activate(context: vscode.ExtensionContext): Promise<BigThreeApi> {
  const log = vscode.window.createOutputChannel('Big Three', { log: true });
  context.subscriptions.push(log);
  const logger = loggerFor(log);
  const fs = new NodeFileSystem();

  const { idleTimeoutSeconds: _idle, ...limits } = readPoolLimits();
  const core = await createAgentCore({
    fs,
    clock: systemClock,
    logger,
    builtinAgentsDir: path.join(context.extensionPath, 'agentpool'),
    workspaceFolders: fileWorkspaceFolders(),
    limits,
  });
  context.subscriptions.push({ dispose: () => core.dispose() });

  const securityFeature = await registerSecurity(context, core, log);
  const learningFeature = await registerLearning(context, core, log);
  const agentPool = registerAgentPool(context, core, log, { pool: securityFeature.securedPool, principal: () => securityFeature.security.localPrincipal, learned: () => learningFeature.learned });
  const workflowViews = registerWorkflow(context, core, log, { pool: securityFeature.securedPool, principal: () => securityFeature.security.localPrincipal });
  const ragFeature = registerRag(context, log, {
    geminiKey: () => securityFeature.apiKeys.get('gemini'),
    authorize: async (operation, detail) => void (await securityFeature.security.gate.enforce({ principal: securityFeature.security.localPrincipal, operation, detail })),
  });
  const delegates = registerDelegates(context, core, log, { security: securityFeature, observability: workflowViews.workflow.observability, index: () => ragFeature.ragHost.current, learned: () => learningFeature.learned });
  // Event summaries are written by Claude once an Anthropic key is set (the built-in summary before).
  workflowViews.workflow.observability.setSummarizer(
    new ClaudeEventSummarizer({ apiKey: () => securityFeature.apiKeys.get('anthropic'), settings: readClaudeSettings, logger }),
  );
  // Workflow tasks are worked on by the Claude coder once an Anthropic key is set ("not-run" before).
  workflowViews.workflow.runner = new CoderAgentRunner({
    coder: delegates.claudeCoder,
    catalog: core.catalog,
    principal: () => securityFeature.security.localPrincipal,
    hasApiKey: async () => Boolean(await securityFeature.apiKeys.get('anthropic')),
  });
  const voiceFeature = registerVoice(context, log, { core, security: securityFeature, workflow: workflowViews.workflow, rag: ragFeature.ragHost, delegation: delegates.delegation });

  // Learning finds similar tasks semantically as soon as the workspace index has loaded a model.
  const adoptEmbedder = (service: { embedder?: { id: string; dimension: number; embed(texts: readonly string[]): Promise<Float32Array[]> } } | undefined) => {
    if (service?.embedder) void learningFeature.learning.useEmbedder(service.embedder).catch((error) => log.warn(`Learning keeps lexical similarity: ${String(error)}`));
  };
  context.subscriptions.push(ragFeature.ragHost.onDidChangeService(adoptEmbedder));
  adoptEmbedder(ragFeature.ragHost.current);

  log.info(`Big Three activated with ${core.catalog.experts.length} experts.`);
  return { core, log, ...agentPool, ...learningFeature, ...securityFeature, ...workflowViews, ...ragFeature, ...delegates, ...voiceFeature };
}

export function deactivate(): void {}
