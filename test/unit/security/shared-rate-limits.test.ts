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
});
