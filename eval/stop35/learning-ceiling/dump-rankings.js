// Dumps the chooser's untrained ranking (every candidate's logit) for each task of a roster set, as the
// input of ceiling.py. Needs the compiled sources: `npx tsc -p tsconfig.json` at the checkout's root.
//   node eval/stop35/learning-ceiling/dump-rankings.js SET.jsonl [--seed-scorer] > rankings.jsonl
// --seed-scorer: the seed's keyword scorer instead (5 × its normalized score as the logit), a weak prior.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = path.resolve(__dirname, '..', '..', '..');
process.env.BIG_THREE_AGENTS_DIR ??= path.join(root, 'agentpool');
const { openHeadless } = require(path.join(root, 'out', 'src', 'cli', 'headless-services.js'));

async function main() {
  const seedScorer = process.argv.includes('--seed-scorer');
  const io = { out: (s) => process.stdout.write(`${s}\n`), err: () => {} };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-ceiling-'));
  const app = await openHeadless({ io, verbose: false, surface: 'cli', dataDir, workspace: root });
  for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const t = JSON.parse(line);
    const ranked = seedScorer
      ? app.learned.chooser.ranker
          .withMode('seed')
          .rank(t.task)
          .map((r) => ({ expertId: r.expertId, score: 5 * r.normalizedScore }))
      : await app.learned.chooser.rank(t.task, { useHistory: false });
    const scores = ranked.map((c) => [c.expertId, Number(c.score.toFixed(4))]);
    io.out(JSON.stringify({ task: t.task, expert: t.expert, acceptable: t.acceptable ?? [], scores }));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
