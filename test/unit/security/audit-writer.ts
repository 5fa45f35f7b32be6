// Child process of the concurrent audit-writer test: appends records to a shared audit folder (as the
// CLI or the MCP server would) and prints the sequence number of every acknowledged record.
//   node audit-writer.js <dir> <tag> <count>
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import { AuditLogger } from '../../../src/orchestrator/security/audit-logger';

async function main(): Promise<void> {
  const [dir, tag, countText] = process.argv.slice(2);
  const log = await AuditLogger.open({ fs: new NodeStoreFileSystem(), clock: systemClock, logger: silentLogger, dir: dir!, maxFileBytes: 16 * 1024 });
  const acknowledged: number[] = [];
  for (let i = 0; i < Number(countText); i += 3) {
    // a few records at once, as concurrent tool calls produce them
    const batch = await Promise.all([0, 1, 2].map((k) => log.record({ type: 'tool_executed', user: `token:${tag}`, message: `${tag}-${i + k}` })));
    acknowledged.push(...batch.map((r) => r.seq));
  }
  await log.flush();
  process.stdout.write(`${JSON.stringify(acknowledged)}\ndone\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String((error as Error)?.stack ?? error));
    process.exit(1);
  },
);
