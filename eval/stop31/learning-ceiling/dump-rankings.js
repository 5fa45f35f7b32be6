// Writes, for each task of a labelled set, the definitions' ranking (id, normalized score, score) and the
// task's words as the ranking weighs them, to dump-<set>.json in the current folder; logistic-ceiling.py
// and neighbour-vote.py read them. Usage (after npx tsc): node dump-rankings.js SET.jsonl [AGENTS_DIR] [WORKSPACE]
const path = require('path');
const here = process.cwd();
const setFile = require('path').resolve(process.argv[2]);
const repo = require('path').resolve(__dirname, '../../..');
process.chdir(repo);
const { openHeadless } = require(require('path').join(repo, 'out/src/cli/headless-services.js'));
const fs = require('fs');
(async () => {
  const io = { out() {}, err() {} };
  const app = await openHeadless({ io, verbose: false, surface: 'cli', dataDir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'ceiling-')), agentsDir: process.argv[3] || 'agentpool', workspace: process.argv[4] || require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'ceiling-ws-')) });
  const sel = app.core.selector;
  const out = [];
  for (const line of fs.readFileSync(setFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const t = JSON.parse(line);
    const ranked = sel.rank(t.task).map((r) => [r.expertId, r.normalizedScore, r.score]);
    const d = sel.describeTask(t.task);
    out.push({ task: t.task, expert: t.expert, acceptable: t.acceptable || [], ranked, words: [...d.words], seq: d.sequence });
  }
  fs.writeFileSync(require('path').join(here, require('path').basename(setFile).replace('.jsonl', '.json').replace(/^/, 'dump-')), JSON.stringify(out));
  await app.close?.();
  process.exit(0);
})();
