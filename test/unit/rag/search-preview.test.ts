import * as assert from 'assert';
import { markedBestLine, markedLines, previewOf } from '../../../src/orchestrator/rag/search-preview';
import type { Chunk } from '../../../src/orchestrator/rag/types';

const pythonChunk: Chunk = {
  id: 'c1',
  text: [
    '        if verifier:',
    '            response_body = urlencode(verifier)',
    '        else:',
    '            populated_redirect = add_params_to_uri(',
    '                redirect_uri, verifier.items())',
  ].join('\n'),
  metadata: { codePath: 'auth.py', startLine: 129 },
};

describe('search previews', () => {
  it('keep the lines’ indentation relative to each other, without the indentation they share', () => {
    const preview = previewOf(pythonChunk, ['redirect', 'uri']);
    assert.strictEqual(preview.bestLine, 132, 'the first line naming both words');
    assert.deepStrictEqual(markedLines(preview, '[', ']'), [
      '    response_body = urlencode(verifier)',
      'else:',
      '    [populated_redirect] = [add_params_to_uri](',
      '        [redirect_uri], verifier.items())',
    ]);
    assert.strictEqual(markedBestLine(preview, '[', ']'), '[populated_redirect] = [add_params_to_uri](');
  });

  it('mark every matched word of a line, tabs and blank lines included', () => {
    const chunk: Chunk = { id: 'c2', text: '\tdef retry(self):\n\n\t\treturn self.retry_after', metadata: { codePath: 'r.py', startLine: 1 } };
    const preview = previewOf(chunk, ['retri']);
    assert.deepStrictEqual(markedLines(preview, '<', '>'), ['def <retry>(self):', '', '\treturn self.<retry_after>']);
  });
});
