// The MCP server VS Code starts: the packaged CLI on the workspace and the shared data folder.
import * as assert from 'assert';
import * as path from 'path';
import { mcpLaunch } from '../../src/views/mcp/mcp-launch';

describe('MCP server launch for VS Code', () => {
  it("runs dist/cli.js mcp with the editor's Node on the first folder and the data folder", () => {
    const ext = path.join(path.sep, 'ext', 'big-three');
    const l = mcpLaunch({ execPath: '/usr/bin/code', extensionPath: ext, extensionVersion: '0.1.0', folder: '/work/shop', dataDir: '/home/u/.big-three' });
    assert.strictEqual(l.command, '/usr/bin/code');
    assert.deepStrictEqual(l.args, [path.join(ext, 'dist', 'cli.js'), 'mcp', '--data-dir', '/home/u/.big-three', '--workspace', '/work/shop']);
    assert.deepStrictEqual(l.env, { ELECTRON_RUN_AS_NODE: '1' });
    assert.strictEqual(l.cwd, '/work/shop');
    assert.strictEqual(l.label, 'Big Three (shop)');
    assert.strictEqual(l.version, '0.1.0');
  });

  it('starts without --workspace when no folder is open', () => {
    const l = mcpLaunch({ execPath: 'node', extensionPath: '/e', extensionVersion: '1', folder: undefined, dataDir: '/d' });
    assert.ok(!l.args.includes('--workspace'));
    assert.strictEqual(l.cwd, undefined);
    assert.strictEqual(l.label, 'Big Three');
  });
});
