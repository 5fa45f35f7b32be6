// What VS Code supplies to createBigThree: Node's ports, SecretStorage, modal approval, the settings,
// the workspace index (built off the activation path) and edits shown as a diff and applied as one
// WorkspaceEdit. Data from an older version's globalStorage moves to the shared data folder once.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { nodePorts } from '../adapters/node-ports';
import { openDataDirs } from '../adapters/private-data-folder';
import { playwrightLauncher } from '../adapters/playwright-browser';
import { sentenceEncoderOff, shippedSentenceEncoder } from '../adapters/shipped-sentence-encoder';
import { SHIPPED_SENTENCE_VECTORS } from '../orchestrator/learning/sentence-vector-cache';
import type { BigThreePorts } from '../orchestrator/app/app-ports';
import { migrateDataOnce } from '../orchestrator/app/data-migration';
import type { CodeIndex, WorkspaceIndexPort } from '../orchestrator/app/workspace-index';
import { secretKeyName } from '../orchestrator/security/api-keys';
import { SHIPPED_WORD_VECTORS } from '../orchestrator/text/word-vectors';
import { systemClock, type LoggerPort } from '../orchestrator/ports';
import { fileWorkspaceFolders, readDataDir, readPoolLimits } from './configuration';
import { readBrowserSettings, readClaudeSettings, readGeminiSettings } from './delegates/delegate-settings';
import { ProposedContentProvider } from './edits/proposed-content';
import { VscodeEditHost } from './edits/safe-edit-applier';
import { RagHost } from './rag/rag-host';
import { readSecuritySettings } from './security/security-settings';
import { ModalApprovalPort, secretsPortFor } from './security/vscode-security-ports';

export interface VscodeHost {
  ports: BigThreePorts;
  ragHost: RagHost;
  proposedContent: ProposedContentProvider;
}

export async function vscodePorts(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, logger: LoggerPort): Promise<VscodeHost> {
  const node = nodePorts();
  const folders = fileWorkspaceFolders();
  const dataDirs = await openDataDirs(readDataDir(), folders[0], node.realPath, logger);
  const global = context.globalStorageUri.fsPath;
  const local = context.storageUri?.fsPath ?? global;
  await migrateDataOnce(
    node.fs,
    path.join(global, 'moved-to-shared-data-dir.json'),
    [
      { from: path.join(global, 'security'), to: path.join(dataDirs.user, 'security') },
      { from: path.join(global, 'learning'), to: path.join(dataDirs.user, 'learning') },
      ...['workflows', 'contexts', 'events'].map((name) => ({ from: path.join(local, name), to: path.join(dataDirs.workspace, name) })),
    ],
    logger,
  );
  const secrets = secretsPortFor(context.secrets);
  const ragHost = new RagHost({
    fs: node.fs,
    realPath: node.realPath,
    dataDir: dataDirs.user,
    logger,
    geminiKey: () => secrets.get(secretKeyName('gemini')),
    ...(context.storageUri ? { legacyStorage: context.storageUri.fsPath } : {}),
  });
  const proposedContent = new ProposedContentProvider();
  const sentenceEncoder = shippedSentenceEncoder(logger, {
    disabled: sentenceEncoderOff(process.env),
    // In a child process: TensorFlow.js's load, each inference and their memory stay out of the extension host.
    processScript: path.join(context.extensionPath, 'dist', 'sentence-encoder-worker.js'),
  });
  // Its process ends with the extension (it would otherwise wait for the extension host to exit).
  context.subscriptions.push(sentenceEncoder);
  const { idleTimeoutSeconds: _idle, ...pool } = readPoolLimits();
  const ports: BigThreePorts = {
    ...node,
    clock: systemClock,
    logger,
    secrets,
    approval: new ModalApprovalPort(),
    dataDirs,
    builtinAgentsDir: path.join(context.extensionPath, 'agentpool'),
    wordVectorsFile: path.join(context.extensionPath, ...SHIPPED_WORD_VECTORS),
    sentenceEncoder,
    sentenceVectorsFile: path.join(context.extensionPath, ...SHIPPED_SENTENCE_VECTORS),
    workspaceFolders: fileWorkspaceFolders,
    sessionId: vscode.env.sessionId,
    settings: { pool, security: readSecuritySettings(), claude: readClaudeSettings, gemini: readGeminiSettings },
    index: indexPortFor(ragHost),
    edits: new VscodeEditHost(proposedContent, log),
    browser: playwrightLauncher(readBrowserSettings),
    ...codeVersion(context),
  };
  return { ports, ragHost, proposedContent };
}

/** This build of the extension (version, and the running bundle's size and time): a new build parses every definition afresh. */
function codeVersion(context: vscode.ExtensionContext): { codeVersion?: string } {
  try {
    const bundle = fs.statSync(__filename);
    return { codeVersion: `${String(context.extension?.packageJSON?.version ?? '0')}:${bundle.size}:${Math.round(bundle.mtimeMs)}` };
  } catch {
    return {};
  }
}

function indexPortFor(host: RagHost): WorkspaceIndexPort {
  return {
    current: () => host.current,
    ready: () => host.ready(),
    reason: () => host.reason,
    root: () => host.rootFolder(),
    onDidChange: (listener: (index: CodeIndex | undefined) => void) => host.onDidChangeService(listener),
  };
}
