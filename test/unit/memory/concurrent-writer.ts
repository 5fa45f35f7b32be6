// Child process of the concurrent-writer tests: writes to a shared store as fast as it can.
//   node concurrent-writer.js <kind> <dir> <tag> <count>
// kind: executions (distinct ids), counter (updateContext increments), events (appends with rotation)
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { ContextStore } from '../../../src/orchestrator/memory/context-store';
import { WorkflowMemory } from '../../../src/orchestrator/memory/workflow-memory';
import { JsonlEventStore } from '../../../src/orchestrator/observability/event-store';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';

async function main(): Promise<void> {
  const [kind, dir, tag, countText] = process.argv.slice(2);
  const count = Number(countText);
  const ports = { fs: new NodeStoreFileSystem(), clock: systemClock, logger: silentLogger };
  if (kind === 'executions') {
    const memory = new WorkflowMemory(dir!, ports, { maxExecutions: 10_000 });
    for (let i = 0; i < count; i++) await memory.storeExecution(`${tag}-${i}`, { tag, i });
  } else if (kind === 'counter') {
    const store = new ContextStore(dir!, ports);
    for (let i = 0; i < count; i++) {
      await store.updateContext<{ n: number; by: string[] }>('counter', (c) => ({ n: (c?.n ?? 0) + 1, by: [...(c?.by ?? []), `${tag}-${i}`] }));
    }
  } else if (kind === 'events') {
    const store = new JsonlEventStore(dir!, ports, { maxSegmentBytes: 4096, maxSegments: 1000 });
    for (let i = 0; i < count; i += 5) {
      const batch = [];
      for (let k = i; k < Math.min(count, i + 5); k++) {
        batch.push({
          v: 1,
          id: `${tag}-${k}`,
          timestamp: Date.now(),
          agentName: tag!,
          hookType: 'message_sent' as const,
          sessionId: 's',
          payload: { k },
          summary: `event ${k}`,
        });
      }
      await store.append(batch);
    }
  } else {
    throw new Error(`unknown kind ${kind}`);
  }
}

main().then(
  () => {
    process.stdout.write('done\n');
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
