// The one reading of --data-dir for every command (args.ts dataDirOption).
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import { dataDirOption, intOption, parseArgs } from '../../src/cli/args';
import { FLAG_OPTIONS, VALUE_OPTIONS } from '../../src/cli/cli-options';

describe('--data-dir', () => {
  const read = (...argv: string[]) => dataDirOption(parseArgs(argv, VALUE_OPTIONS, FLAG_OPTIONS));
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.BIG_THREE_DATA_DIR;
    delete process.env.BIG_THREE_DATA_DIR;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BIG_THREE_DATA_DIR;
    else process.env.BIG_THREE_DATA_DIR = saved;
  });

  it('is the folder given, made absolute; an empty value (--data-dir= or an unset variable) counts as not given', () => {
    assert.strictEqual(read('search', 'x', '--data-dir', 'rel/data'), path.resolve('rel/data'));
    assert.strictEqual(read('search', 'x', '--data-dir=/abs/data'), '/abs/data');
    assert.strictEqual(read('search', 'x', '--data-dir='), path.join(os.homedir(), '.big-three'));
    assert.strictEqual(read('search', 'x'), path.join(os.homedir(), '.big-three'));
    process.env.BIG_THREE_DATA_DIR = '/from/env';
    assert.strictEqual(read('search', 'x', '--data-dir', ''), '/from/env');
  });
});

describe('whole-number options', () => {
  const limit = (value: string) => intOption(parseArgs(['search', 'x', '--limit', value], VALUE_OPTIONS, FLAG_OPTIONS), 'limit', 1, 100);

  it('take decimal digits only (fourteenth red team: --limit 0x10 was read as 16)', () => {
    assert.strictEqual(limit('16'), 16);
    for (const bad of ['0x10', '1e1', ' 7', '7.0', '', '0', '101', '-1', 'Infinity'])
      assert.throws(() => limit(bad), /--limit must be a whole number from 1 to 100/, JSON.stringify(bad));
  });
});
