// The voice panel's playback ledger: what was heard of each assistant item when playback stops,
// which is the audio_end_ms of the barge-in truncation.
import * as assert from 'assert';
import { PlaybackLedger } from '../../../src/webview/playback-ledger';

describe('voice panel playback ledger', () => {
  it('reports the position reached in the interrupted item, capped at what was scheduled', () => {
    const ledger = new PlaybackLedger();
    // item A: five 40 ms chunks from t=1.00 s; item B queued right after it
    for (let i = 0; i < 5; i++) ledger.scheduled('A', 1 + i * 0.04, 0.04);
    ledger.scheduled('B', 1.2, 0.04);
    assert.strictEqual(ledger.playedMs('A', 1.13), 130);
    assert.strictEqual(ledger.playedMs('A', 5), 200, 'never more than was scheduled');
    assert.strictEqual(ledger.playedMs('A', 0.5), 0, 'nothing before it starts');
    ledger.stop(1.13);
    assert.strictEqual(ledger.playedMs('A', 9), 130, 'after the stop the position stays where it was');
    assert.strictEqual(ledger.playedMs('B', 9), 0, 'the queued item was never heard');
    assert.strictEqual(ledger.accepts('A'), false, 'late chunks of the interrupted item are dropped');
    assert.strictEqual(ledger.accepts('C'), true, 'the next answer plays');
    assert.strictEqual(ledger.playedMs('unknown', 9), 0);
    ledger.reset();
    assert.strictEqual(ledger.accepts('A'), true);
  });
});
