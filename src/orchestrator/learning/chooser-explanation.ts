// The chooser's explanation of one expert on a task, as lines: every signal of its ranking
// (ExpertChooser.explain gathers them; CLI --explain, MCP explain_selection and the palette show them).
import type { ChosenExpert } from './chooser-types';
import { similaritySource } from './chooser-prior';
import { describeOwn } from './task-history';
import { OWN_HISTORY_WITHHELD_LINE, type OwnHistoryDisclosure } from './history-disclosure';

export interface ExplanationInputs {
  /** The expert's entry in the ranking, absent when it is not among the candidates. */
  choice: ChosenExpert | undefined;
  /** Its place (from 0) and the ranking's length. */
  index: number;
  of: number;
  /** The definitions' ranker: its mode and its own lines for the expert (a total, then one line per field). */
  mode: string;
  keywordLines: readonly string[];
  priorTemperature: number;
  modelUpdates: number;
  /** The prior's signals' learned weights (signal-weights.ts), by name. */
  signalWeights: Readonly<Record<string, number>>;
  reportNoise: number;
  /** 'withheld': the caller may not read what was learned, and the history line says only that (history-disclosure.ts). */
  ownHistory?: OwnHistoryDisclosure;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const signed = (n: number) => `${n >= 0 ? '+' : ''}${round(n)}`;

export function explanationLines({
  choice,
  index,
  of,
  mode,
  keywordLines,
  priorTemperature,
  modelUpdates,
  signalWeights,
  reportNoise,
  ownHistory = 'shown',
}: ExplanationInputs): string[] {
  // The combined score is the prior, the learned part and the own history's logits added: shown beside the
  // first two, it would give the third away.
  const score = ownHistory === 'shown' && choice ? `combined score ${round(choice.score)}, ` : '';
  const lines = [
    choice ? `rank ${index + 1} of ${of}; ${score}probability ${round(choice.probability)}` : 'not among the candidates for this task',
    `definitions (${mode}): ${keywordLines[0]}`,
    ...keywordLines.slice(1).map((l) => `  ${l}`),
  ];
  if (!choice) return lines;
  const s = choice.signals;
  lines.push(
    `similarity to the definition: ${round(s.similarity)} (${similaritySource(s.similaritySource)}); by the sentence encoder: ${round(s.sentence)} (z-score over the experts of the closeness to its description and example requests; 0 without the encoder or at or below the average); together ${round(s.priorParts.similarity)} of the prior`,
    `prior (normalized): ${round(s.prior)} × temperature ${priorTemperature}`,
    `learned from outcomes: ${signed(s.learned)} (${modelUpdates ? `of which the signal weights ${signed(s.learnedFromSignals)}; ` : ''}model trained on ${modelUpdates} outcomes${
      modelUpdates
        ? `; each signal's learned weight in this catalog: ${Object.entries(signalWeights)
            .filter(([name]) => name !== 'answers')
            .map(([name, w]) => `${name} ${signed(w)}`)
            .join(', ')}, from ${round(signalWeights['answers'] ?? 0)} answers`
        : ''
    })`,
    ownHistory === 'shown'
      ? `this task's own history: ${s.own.successes} successes, ${s.own.failures} failures (${describeOwn(s.own, reportNoise)})`
      : OWN_HISTORY_WITHHELD_LINE,
  );
  return lines;
}
