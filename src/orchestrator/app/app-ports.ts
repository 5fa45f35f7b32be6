// What a host (VS Code, the CLI, the MCP server, a test) supplies to createBigThree: the outside world
// as ports, where the data lives, who the local user is and the host's settings. Nothing else: every
// service is built by the core from these.
import type { PoolLimits } from '../agents/pool-types';
import type { ClaudeSettings } from '../delegates/claude-coder';
import type { BrowserLauncher, GeminiSettings } from '../delegates/gemini-browser';
import type { CommandRunner } from '../delegates/gated-tool-host';
import type { EditHostPort } from '../edits/edit-host';
import type { SentenceEncoderSource } from '../learning/definition-sentence-similarity';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import type { ApprovalPort, ClockPort, LoggerPort, SecretsPort } from '../ports';
import type { RealPathPort } from '../security/path-guard';
import type { SecuritySettings } from '../security/security-core';
import type { DataDirs } from './data-dirs';
import type { WorkspaceIndexPort } from './workspace-index';

export interface BigThreePorts {
  fs: StoreFileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  realPath: RealPathPort;
  /** Provider API keys (VS Code SecretStorage; the CLI reads the environment). */
  secrets: SecretsPort;
  /** Asks the user; without it every request that needs approval is refused (fail closed). */
  approval?: ApprovalPort;
  dataDirs: DataDirs;
  /** The local user, as the gate knows it (local:<os user>). */
  principal: string;
  /** The shipped agentpool/ folder and the workspace folders whose experts are added. */
  builtinAgentsDir: string;
  /** The shipped word vectors (models/word-vectors/…); without them the expert ranking has no similarity part unless a model is installed. */
  wordVectorsFile?: string;
  /** The shipped sentence encoder, loaded on the first ranking that needs it; without it the prior has no sentence part. */
  sentenceEncoder?: SentenceEncoderSource;
  /** The shipped experts' sentence vectors (models/sentence-vectors/…), so the encoder need not work them out on a first run. */
  sentenceVectorsFile?: string;
  workspaceFolders: () => readonly string[];
  /** The host's session (a VS Code window, a CLI run). */
  sessionId: string;
  settings: HostSettings;
  commands: CommandRunner;
  /** The workspace index (built lazily by the host); the core authorizes every use of it. */
  index: WorkspaceIndexPort;
  /** How the host shows and writes file edits (VS Code: a diff and one WorkspaceEdit); atomic file writes when absent. */
  edits?: EditHostPort;
  browser: BrowserLauncher;
  /** Names this build of the code: when given, parsed expert definitions are kept between starts (<user data>/cache). */
  codeVersion?: string;
}

export interface HostSettings {
  pool?: Partial<PoolLimits>;
  security?: Partial<SecuritySettings>;
  claude: () => ClaudeSettings;
  gemini: () => GeminiSettings;
}
