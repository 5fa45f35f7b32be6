import * as assert from 'assert';
import * as fs from 'fs';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import { PathPrior } from '../../../src/orchestrator/rag/path-prior';
import {
  ABBREVIATION_WEIGHT,
  AbbreviationIndex,
  DOMAIN_THESAURUS_WEIGHT,
  SYNONYM_WEIGHT,
  THESAURUS_WEIGHT,
  abbreviates,
  expandQuery,
} from '../../../src/orchestrator/rag/query-expansion';
import { stemmedSynonymTables } from '../../../src/orchestrator/rag/synonym-table-source';
import { generatedSynonymTables } from '../../../src/orchestrator/rag/synonym-tables.generated';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { CodeRanker, FILE_SIZE_DAMPING, FILE_SIZE_PIVOT } from '../../../src/orchestrator/rag/code-ranker';
import { Bm25Index } from '../../../src/orchestrator/rag/lexical';
import type { Chunk } from '../../../src/orchestrator/rag/types';
import { tempDir, writeFiles } from './rag-helpers';

describe('code search ranking', () => {
  it('weighs paths by kind unless the question asks for that kind', () => {
    const prior = new PathPrior();
    assert.strictEqual(prior.of('lib/retry.js').label, 'implementation');
    assert.strictEqual(prior.of('test/retry.test.js').label, 'test');
    assert.strictEqual(prior.of('src/__fixtures__/a.ts').label, 'fixture');
    assert.strictEqual(prior.of('types/index.d.ts').label, 'type declarations');
    assert.strictEqual(prior.of('docs/api.md').label, 'docs');
    // Go and Python conventions: package documentation, mocks, examples, protocol-buffer stubs.
    assert.strictEqual(prior.of('mux/doc.go').label, 'docs');
    assert.strictEqual(prior.of('doc/man_docs.go').label, 'implementation');
    assert.strictEqual(prior.of('docs/guide/intro.md').label, 'docs');
    assert.strictEqual(prior.of('pkg/docker/client.go').label, 'implementation');
    assert.strictEqual(prior.of('mux/route_test.go').label, 'test');
    assert.strictEqual(prior.of('internal/mocks/store.go').label, 'fixture');
    assert.strictEqual(prior.of('store/mock_store.go').label, 'fixture');
    assert.strictEqual(prior.of('_examples/basic/main.go').label, 'example');
    assert.strictEqual(prior.of('api/v1/service.pb.go').label, 'generated');
    assert.strictEqual(prior.of('proto/service_pb2_grpc.py').label, 'generated');
    assert.strictEqual(prior.of('docs/docs.go').label, 'generated');
    assert.strictEqual(prior.of('tests/test_sessions.py').label, 'test');
    assert.ok(prior.of('test/retry.test.js').weight < 1);
    assert.strictEqual(prior.forQuery('where do the tests cover retries')('test/retry.test.js').weight, 1);
    assert.strictEqual(prior.forQuery('the TypeScript interface of options')('types/index.d.ts').weight, 1);
    assert.throws(() => new PathPrior([{ pattern: 'x', weight: 0, label: 'bad' }]), RangeError);
  });

  it('expands questions with synonyms and abbreviations the code base uses', () => {
    assert.ok(abbreviates('cfg', 'config'));
    assert.ok(abbreviates('req', 'request'));
    assert.ok(abbreviates('msg', 'messag'));
    assert.ok(!abbreviates('xyz', 'config'));
    const vocab = new Set(['request', 'req', 'config', 'cfg', 'en', 'local', '3xx', 'redirect']);
    const v = { documentFrequency: (t: string) => (vocab.has(t) ? 2 : 0), vocabulary: () => vocab.values() };
    const terms = expandQuery('English request configuration', v, new AbbreviationIndex(v));
    assert.strictEqual(terms.get('request'), 1);
    assert.ok(terms.get('en')! > 0 && terms.get('en')! < 1, 'english → en (locale file names)');
    assert.ok(terms.get('req')! > 0, 'request → req learned from the vocabulary');
    assert.ok(terms.get('cfg')! > 0 || terms.get('config')! > 0);
    assert.ok(!terms.has('nothing'));
    assert.ok(expandQuery('follow redirects', v).get('3xx')! > 0);
  });

  it('ships the synonym table stemmed as the index stems it (else: node scripts/generate-synonym-tables.js after tsc)', () => {
    assert.deepStrictEqual(generatedSynonymTables(), stemmedSynonymTables());
    const vocabulary = { documentFrequency: () => 1, vocabulary: () => [] };
    assert.ok(expandQuery('where are defaults filled in', vocabulary).has('fallback'));
    assert.ok(expandQuery('the server error page', vocabulary).has('5xx'), 'two-word entries too');
    // The everyday-English thesaurus: a query's own words only, below the synonyms' weight.
    const expanded = expandQuery('where does it try again', vocabulary);
    assert.strictEqual(expanded.get('retri'), THESAURUS_WEIGHT, [...expanded].join(' '));
    assert.ok(THESAURUS_WEIGHT < SYNONYM_WEIGHT);
    assert.ok(DOMAIN_THESAURUS_WEIGHT < ABBREVIATION_WEIGHT && ABBREVIATION_WEIGHT < SYNONYM_WEIGHT && SYNONYM_WEIGHT < 1);
    // A short thesaurus word matches only as written ("used" is not "us", microseconds); a word in more than
    // two groups has several senses and expands to nothing; an opposite by prefix is left out.
    assert.ok(expandQuery('us', vocabulary).has('microsecond'));
    assert.ok(!expandQuery('used', vocabulary).has('microsecond'));
    assert.deepStrictEqual([...expandQuery('token', vocabulary).keys()], ['token']);
    assert.ok(expandQuery('escape', vocabulary).has('quot') && !expandQuery('escape', vocabulary).has('unescap'));
    // The domain thesaurus: the vocabulary of common kinds of library ("time zone" code says tz, offset).
    const zone = expandQuery('convert to the local timezone', vocabulary);
    assert.strictEqual(zone.get('tz'), DOMAIN_THESAURUS_WEIGHT, [...zone].join(' '));
    assert.strictEqual(zone.get('offset'), DOMAIN_THESAURUS_WEIGHT);
  });

  it('ranks the implementation above its tests and says why', async () => {
    const ws = tempDir('rank-ws');
    const storage = tempDir('rank-data');
    try {
      const impl =
        'export function retryAfterDelay(header: string): number {\n  // seconds or an HTTP date\n  const seconds = Number(header);\n  return Number.isNaN(seconds) ? Date.parse(header) - Date.now() : seconds * 1000;\n}\n';
      const test = Array.from(
        { length: 4 },
        (_, i) => `it('retry after delay ${i}', () => {\n  assert.equal(retryAfterDelay('${i}'), ${i * 1000}); // retry after header delay\n});`,
      ).join('\n');
      writeFiles(ws, { 'src/retry.ts': impl, 'test/retry.test.ts': test });
      const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, root: ws, storageDir: storage });
      await rag.indexCodebase();
      const results = await rag.searchCode('retry after header delay', 5);
      assert.strictEqual(results[0]!.codePath, 'src/retry.ts');
      assert.strictEqual(results[0]!.metadata.symbol, 'retryAfterDelay');
      assert.strictEqual(results[0]!.signals!.kind, 'implementation');
      assert.ok(results[0]!.similarityScore > 0 && results[0]!.similarityScore <= 1);
      const testHit = results.find((r) => r.codePath === 'test/retry.test.ts');
      assert.ok(testHit && testHit.signals!.kind === 'test' && testHit.signals!.prior < 1);
      const preview = results[0]!.preview!;
      assert.ok(preview.lines.length >= 1 && preview.highlights.length > 0);
      assert.ok(preview.words.some((w) => /retry/i.test(w)));
      rag.dispose();
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('takes built code as the implementation when the code base is essentially built output, and only then', async () => {
    const prior = new PathPrior();
    const bundle: Array<[string, number]> = [
      ['dist/lib.mjs', 300],
      ['dist/lib.cjs', 300],
      ['dist/lib.min.js', 1],
      ['dist/index.d.ts', 40],
      ['bin/cli.mjs', 5],
      ['README.md', 20],
    ];
    assert.strictEqual(prior.mostlyBuiltCode(bundle), true);
    // A source tree beside its builds (even five built copies of it) stays a source tree; no code at all is not built code.
    assert.strictEqual(
      prior.mostlyBuiltCode([
        ['src/a.ts', 100],
        ['dist/esm/a.js', 110],
        ['dist/cjs/a.js', 120],
      ]),
      false,
    );
    assert.strictEqual(prior.mostlyBuiltCode([['lib/a.js', 100], ...[1, 2, 3, 4, 5].map((i) => [`dist/copy${i}/a.js`, 150] as [string, number])]), false);
    assert.strictEqual(
      prior.mostlyBuiltCode([
        ['README.md', 5],
        ['types/index.d.ts', 9],
      ]),
      false,
    );
    // Vendored code is lowered by the same rule but is not the project's build (review of stop 37), and every
    // language the chunker reads counts as source (a Vue library beside its bundles).
    assert.strictEqual(
      prior.mostlyBuiltCode([
        ['main.go', 30],
        ['vendor/github.com/spf13/cobra/command.go', 2000],
      ]),
      false,
    );
    assert.strictEqual(
      prior.mostlyBuiltCode([
        ['src/Button.vue', 30],
        ['dist/lib.es.js', 120],
        ['dist/lib.umd.js', 120],
      ]),
      false,
    );
    const built = prior.forQuery('where is the parser', true);
    assert.deepStrictEqual(built('dist/lib.mjs'), { weight: 1, label: 'generated' });
    assert.ok(built('dist/lib.min.js').weight < 1);
    assert.ok(built('dist/index.d.ts').weight < 1);
    assert.ok(prior.forQuery('where is the parser')('dist/lib.mjs').weight < 1);

    const ws = tempDir('built-ws');
    const storage = tempDir('built-data');
    try {
      const section = (i: number) => `function step${i}(state) {\n  state.pos += ${i};\n  return state.tokens.push({ type: 'step', n: ${i} });\n}\n`;
      const bundleText = `${Array.from({ length: 30 }, (_, i) => section(i)).join('\n')}\nfunction normalizeLinkLabel(label) {\n  // collapse whitespace and fold case so link references match\n  return label.trim().replace(/\\s+/g, ' ').toUpperCase();\n}\n`;
      writeFiles(ws, {
        'dist/lib.mjs': bundleText,
        'README.md': '# lib\n\nLink references match whatever the case and whitespace of the label.\n',
        'dist/index.d.ts': 'export declare function normalizeLinkLabel(label: string): string; // link label case whitespace\n',
      });
      const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, root: ws, storageDir: storage });
      await rag.indexCodebase();
      const results = await rag.searchCode('how are link labels compared whatever their case and whitespace', 5);
      assert.strictEqual(results[0]!.codePath, 'dist/lib.mjs');
      assert.strictEqual(results[0]!.signals!.prior, 1);
      rag.dispose();
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('damps the coverage of a file of many chunks, which matches a question in three places by chance more often', async () => {
    const lexical = new Bm25Index();
    const chunks = new Map<string, { chunk: Chunk; key: string }>();
    const put = (key: string, id: string, text: string) => {
      chunks.set(id, { chunk: { id, text, metadata: { path: key } }, key });
      lexical.add(id, `${key}\n${text}`);
    };
    // The same three matching chunks in both files; the large one has 60 more that do not match. Ids make
    // the large file win a tie, so only the damping can put the small one first.
    const matching = ['remove the stream by its id', 'the stream id counter', 'remove listeners'];
    matching.forEach((text, i) => put('lib/huge.js', `a${i}`, text));
    for (let i = 0; i < 60; i++) put('lib/huge.js', `a-filler${i}`, `unrelated filler number ${i}`);
    matching.forEach((text, i) => put('lib/multistream.js', `z${i}`, text));
    const size = (key: string) => [...chunks.values()].filter((c) => c.key === key).length;
    const ranker = new CodeRanker({ lexical, chunk: (id) => chunks.get(id), keyOf: (id) => chunks.get(id)?.key, chunksIn: size });
    const [first] = await ranker.rank('remove a stream by id', { limit: 5 });
    assert.strictEqual(first!.chunk.metadata.path, 'lib/multistream.js');
    const huge = (await ranker.rank('remove a stream by id', { limit: 10 })).find((r) => r.chunk.metadata.path === 'lib/huge.js')!;
    const expected = 1 / (1 + FILE_SIZE_DAMPING * Math.log(63 / FILE_SIZE_PIVOT));
    assert.ok(Math.abs(huge.signals.file - expected) < 0.002, `file signal ${huge.signals.file}, expected ${expected}`);
  });
});
