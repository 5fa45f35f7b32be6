// What a ranking shows a caller who may not read what was learned. Whether a caller may is decided in one
// place, the security gate's `learning.read` (the permission learning_stats and get_recommendations need),
// asked through SecuredLearning.ownHistoryFor; this module only says what is left out when the answer is no:
// the task's own history (which experts succeeded or failed on this very task, as any caller recorded it).
// Such a caller is also ranked without that history (rankingOptions): the order and the probabilities of a
// ranking that held it would give it away.
import type { ChooserSignals } from './chooser-types';

/** Whether a caller sees the task's own history ('withheld': it lacks learning.read). */
export type OwnHistoryDisclosure = 'shown' | 'withheld';

/** The chooser's options for a caller: without the task's own history when it is withheld. */
export function rankingOptions(history: OwnHistoryDisclosure): { ownHistory?: false } {
  return history === 'withheld' ? { ownHistory: false } : {};
}

/** The explanation's history line for a caller who may not read it (chooser-explanation.ts). */
export const OWN_HISTORY_WITHHELD_LINE = "this task's own history: not shown (reading what was learned needs the learning.read permission)";

/** The signals as the caller may see them: without `own` (its successes, failures and tier) when withheld. */
export function disclosedSignals(signals: ChooserSignals, history: OwnHistoryDisclosure): Omit<ChooserSignals, 'own'> & Partial<Pick<ChooserSignals, 'own'>> {
  if (history === 'shown') return signals;
  const { own: _own, ...rest } = signals;
  return rest;
}

export type DecidingSignal = 'history' | 'learned' | 'similarity' | 'definitions';

/**
 * What decided a choice (MCP suggest_agent's `source`): the task's own history when an expert succeeded on
 * it, else the learned model when it outweighs the prior, else the larger part of the prior. With the
 * history withheld, the history is never named, whatever it holds (naming it only when it decided would say
 * that it did): the strongest of the other signals is.
 */
export function decidingSignal(signals: ChooserSignals, priorTemperature: number, history: OwnHistoryDisclosure): DecidingSignal {
  if (history === 'shown' && signals.own.tier === 2) return 'history';
  if (signals.learned > Math.abs(priorTemperature * signals.prior)) return 'learned';
  return signals.priorParts.similarity > signals.priorParts.definitions ? 'similarity' : 'definitions';
}
