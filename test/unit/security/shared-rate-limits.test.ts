// Rate limits hold across processes on one data folder: two security cores (as two CLI or MCP
// processes would have) draw from the same bucket.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { silentLogger } from '../../../src/orchestrator/ports';
import { RateLimitError } from '../../../src/orchestrator/security/errors';
import { createSecurityCore } from '../../../src/orchestrator/security/security-core';
import { FakeClock } from '../../fakes/fake-clock';
import { tempDir } from './security-fixture';

describe('shared rate limits', () => {
  it('two processes on one data folder share one bucket', async () => {
    const tmp = tempDir('bt-rate-');
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    const open = () =>
      createSecurityCore({
        fs: new NodeStoreFileSystem(),
        clock,
        logger: silentLogger,
        realPath: nodeRealPath,
        dataDir: path.join(tmp, 'data'),
        localPrincipal: 'local:me',
        workspaceRoots: [tmp],
        expertTools: () => [],
        settings: { rateLimits: { default: { perMinute: 6, burst: 5 } } },
      });
    const [a, b] = [await open(), await open()];
    try {
      await a.access.grant('token:ci', 'developer'); // b sees the grant too: grants are re-read on change
      for (let i = 0; i < 5; i++) await (i % 2 ? a : b).gate.enforce({ principal: 'token:ci', operation: 'agent.acquire', resource: 'qa-expert' });
      await assert.rejects(a.gate.enforce({ principal: 'token:ci', operation: 'agent.acquire', resource: 'qa-expert' }), RateLimitError);
      await assert.rejects(b.gate.enforce({ principal: 'token:ci', operation: 'agent.acquire', resource: 'qa-expert' }), RateLimitError);
      clock.advance(10_000); // one token back (6 a minute)
      await b.gate.enforce({ principal: 'token:ci', operation: 'agent.acquire', resource: 'qa-expert' });
      await assert.rejects(a.gate.enforce({ principal: 'token:ci', operation: 'agent.acquire', resource: 'qa-expert' }), RateLimitError);
    } finally {
      await a.dispose();
      await b.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
  it('leaves out entries that are not buckets, and takes a bucket below empty or from the future as empty now (fifteenth red team)', async () => {
    const tmp = tempDir('bt-rate-bad-');
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    const dataDir = path.join(tmp, 'data');
    const security = await createSecurityCore({
      fs: new NodeStoreFileSystem(),
      clock,
      logger: silentLogger,
      realPath: nodeRealPath,
      dataDir,
      localPrincipal: 'local:me',
      workspaceRoots: [tmp],
      expertTools: () => [],
      settings: { rateLimits: { default: { perMinute: 60, burst: 5 } } },
    });
    try {
      await security.access.grant('token:ci', 'developer');
      const enforce = () => security.gate.enforce({ principal: 'token:ci', operation: 'agent.acquire', resource: 'qa-expert' });
      await enforce(); // creates rate-limits.json
      const file = fs.readdirSync(dataDir).find((f) => f.startsWith('rate-limits'))!;
      const key = 'token:ci\u0000agent.acquire';
      fs.writeFileSync(
        path.join(dataDir, file),
        JSON.stringify({ 'local:root\u0000x': null, plain: 'x', [key]: { tokens: -1e9, updatedAt: clock.now() + 365 * 86_400_000 } }),
      );
      // Had thrown "Cannot read properties of null" on every call; then refused for a year.
      await assert.rejects(enforce(), RateLimitError, 'empty now');
      clock.advance(2_000); // one token a second
      await enforce();
    } finally {
      await security.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
