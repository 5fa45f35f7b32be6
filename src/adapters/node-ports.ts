// The Node.js ports every host shares (the extension host and the CLI are both Node): one file system,
// real paths, the command runner, and who the local user is.
import * as os from 'os';
import { NodeCommandRunner } from './node-command-runner';
import { nodeRealPath } from './node-real-path';
import { nodeFileSystem } from './node-store-file-system';

/** local:<os user>, reduced to the characters a principal may contain. */
export function localPrincipalName(): string {
  let user = 'user';
  try {
    user =
      os
        .userInfo()
        .username.replace(/[^A-Za-z0-9._@-]/g, '_')
        .slice(0, 64) || 'user';
  } catch {
    // no user name on this system: keep the generic one
  }
  return `local:${user}`;
}

export function nodePorts() {
  return { fs: nodeFileSystem(), realPath: nodeRealPath, commands: new NodeCommandRunner(), principal: localPrincipalName() };
}
