// The abbreviation index looks pairs up per word (by first letter, on demand): it must answer exactly as
// learning every pair of the vocabulary up front would, in the same order.
import * as assert from 'assert';
import { Bm25Index } from '../../../src/orchestrator/rag/lexical';
import { AbbreviationIndex, abbreviates } from '../../../src/orchestrator/rag/query-expansion';

/** Every pair of the vocabulary, learned up front: the definition the on-demand lookup must match. */
function relatedByAllPairs(vocabulary: readonly string[], df: (t: string) => number, term: string): string[] {
  const eligible = vocabulary.filter((t) => /^[a-z]+$/.test(t) && df(t) >= 2);
  const pairs: Array<[string, string]> = [];
  for (const short of eligible.filter((t) => t.length >= 2 && t.length <= 5))
    for (const long of eligible.filter((t) => t.length >= 4 && t[0] === short[0])) if (abbreviates(short, long)) pairs.push([short, long]);
  const shorts = pairs.filter(([, l]) => l === term).map(([s]) => s);
  const longs = pairs.filter(([s]) => s === term).map(([, l]) => l);
  return term.length <= 5 ? [...shorts, ...longs.slice(0, 4)] : shorts;
}

describe('AbbreviationIndex', () => {
  it('gives the lists of learning every pair up front, in order, and skips rare terms', () => {
    const vocabulary = [
      'cfg',
      'config',
      'configuration',
      'conf',
      'req',
      'request',
      'requests',
      'res',
      'response',
      'resource',
      'err',
      'error',
      'errors',
      'msg',
      'message',
      'ctx',
      'context',
      'str',
      'string',
      'stream',
      'strict',
      'structure',
      'num',
      'number',
      'val',
      'value',
      'valid',
      'validate',
      'init',
      'initial',
      'initialize',
      'rare',
      'rarely',
      'id',
      'ident',
      'identifier',
      'x9',
    ];
    const df = (t: string) => (t === 'rare' || t === 'rarely' ? 1 : 3);
    const index = new AbbreviationIndex({ vocabulary: () => vocabulary, documentFrequency: df });
    const terms = [...vocabulary, 'missing', 'st', 'co', 'Config', '__proto__', 'constructor'];
    let withPairs = 0;
    for (let round = 0; round < 2; round++) {
      // The second round answers from the cache.
      for (const term of terms) {
        const expected = relatedByAllPairs(vocabulary, df, term);
        if (expected.length) withPairs++;
        assert.deepStrictEqual(index.related(term), expected, `${term} (round ${round})`);
      }
    }
    assert.ok(withPairs > 20, `${withPairs} lookups found pairs`);
  });

  it('answers from the vocabulary as it was when built, even if the vocabulary grows before the first lookup', () => {
    const vocabulary = ['config', 'cfg', 'request'];
    const index = new AbbreviationIndex({ vocabulary: () => vocabulary, documentFrequency: () => 3 });
    vocabulary.unshift('conf', 'req');
    assert.deepStrictEqual(index.related('config'), ['cfg']);
    assert.deepStrictEqual(index.related('request'), []);
  });

  it("reads a lexical index's terms with their frequencies in one pass, as term by term lookups would", () => {
    const lexical = new Bm25Index();
    const words = ['config cfg conf request req', 'config cfg requests req error err', 'message msg context ctx rare', 'msg ctx errors err'];
    words.forEach((text, i) => lexical.add(`d${i}`, text));
    lexical.remove('d3'); // frequencies after a removal
    const seen: Array<[string, number]> = [];
    lexical.forEachTerm((term, df) => seen.push([term, df]));
    assert.deepStrictEqual(
      seen,
      [...lexical.vocabulary()].map((t) => [t, lexical.documentFrequency(t)]),
    );
    const onePass = new AbbreviationIndex(lexical);
    const termByTerm = new AbbreviationIndex({ vocabulary: () => lexical.vocabulary(), documentFrequency: (t) => lexical.documentFrequency(t) });
    for (const [term] of seen) assert.deepStrictEqual(onePass.related(term), termByTerm.related(term), term);
  });
});
