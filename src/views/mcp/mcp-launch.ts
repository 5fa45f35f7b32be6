// How VS Code starts Big Three's MCP server: the packaged CLI (dist/cli.js) run by the editor's own Node
// (Electron as Node in desktop VS Code), on the first workspace folder and the shared data folder.
// Pure: no vscode import.
import * as path from 'path';

export interface McpLaunchInput {
  /** The extension host's executable (Electron in desktop VS Code, node in code-server). */
  execPath: string;
  extensionPath: string;
  extensionVersion: string;
  /** The first file workspace folder, if any. */
  folder: string | undefined;
  /** The data folder shared with the extension (bigThree.dataDir, $BIG_THREE_DATA_DIR or ~/.big-three). */
  dataDir: string;
}

export interface McpLaunch {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string | undefined;
  version: string;
}

export function mcpLaunch(input: McpLaunchInput): McpLaunch {
  const args = [path.join(input.extensionPath, 'dist', 'cli.js'), 'mcp', '--data-dir', input.dataDir];
  if (input.folder) args.push('--workspace', input.folder);
  return {
    label: input.folder ? `Big Three (${path.basename(input.folder)})` : 'Big Three',
    command: input.execPath,
    args,
    // Electron runs as plain Node with this set; node itself ignores it.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    cwd: input.folder,
    version: input.extensionVersion,
  };
}
