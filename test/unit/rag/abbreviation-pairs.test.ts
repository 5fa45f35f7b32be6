// An abbreviation index rebuilt from saved pairs answers exactly as the index that learned them, both
// while it scans the pairs (first lookups) and once it has built its maps.
import * as assert from 'assert';
import { AbbreviationIndex } from '../../../src/orchestrator/rag/query-expansion';

describe('AbbreviationIndex.fromPairs', () => {
  it("gives the learned index's lists, in order, before and after it builds its maps", () => {
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
    ];
    const learned = new AbbreviationIndex({ vocabulary: () => vocabulary, documentFrequency: () => 3 });
    assert.ok(learned.pairs.length > 10, `${learned.pairs.length} pairs`);
    const rebuilt = AbbreviationIndex.fromPairs(learned.pairs.map(([s, l]) => [s, l] as const));
    const terms = [...vocabulary, 'missing', 'st', 'co'];
    for (let round = 0; round < 4; round++) {
      // 4 x 34 lookups: past the scanned lookups, so both ways are compared.
      for (const term of terms) assert.deepStrictEqual(rebuilt.related(term), learned.related(term), `${term} (round ${round})`);
    }
    assert.deepStrictEqual(rebuilt.pairs, learned.pairs);
  });
});
