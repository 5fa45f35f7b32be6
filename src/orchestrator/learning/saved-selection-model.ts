// The learned selection model as it is kept beside the outcome log (selection-model.json): the model,
// how many outcomes of the log it has learned, the last one's id and the sentence encoder of its prior. A saved model is used only when
// it was trained under the current rule and the log still holds the outcome it claims as its last;
// otherwise the chooser retrains from the log (ExpertChooser.restore).
import { OnlineSoftmax, type SoftmaxOptions } from './online-softmax';
import { InvalidArgumentError } from '../errors';

export const MODEL_FILE = 'selection-model.json';
/** Bumped when the training rule changes: a model saved under another rule is retrained from the outcome log. */
export const MODEL_VERSION = 6;

export interface SavedModelState {
  model: OnlineSoftmax;
  /** How many outcomes of the log the model has learned (the first `count`). */
  count: number;
  /** The id of the last outcome learned. */
  consumed: string | undefined;
  /**
   * The sentence encoder the prior had while it learned ('none' without one): the model learns from its
   * own prediction, prior included, so a model trained under another prior is retrained (review of stop 35).
   */
  encoder: string;
}

export function serializeSavedModel(state: SavedModelState): string {
  return JSON.stringify({ v: MODEL_VERSION, count: state.count, consumed: state.consumed, encoder: state.encoder, model: state.model.toJSON() });
}

/**
 * The saved model when it matches the log (`outcomes`, oldest first), else undefined. Throws when the
 * text is not a saved model at all (the caller says so and retrains).
 */
export function parseSavedModel(
  text: string,
  outcomes: ReadonlyArray<{ id: string }>,
  options: SoftmaxOptions,
  /** The sentence encoder of the prior now ('none' without one). */
  encoder: string,
): SavedModelState | undefined {
  const value = JSON.parse(text) as unknown;
  // "null" had been told as "Cannot read properties of null (reading 'count')".
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidArgumentError(`it holds ${JSON.stringify(value)}, not a saved model (a JSON object)`);
  const parsed = value as { v?: number; consumed?: string; count?: number; encoder?: unknown; model?: unknown };
  const count = parsed.count;
  const matches =
    parsed.v === MODEL_VERSION &&
    parsed.encoder === encoder &&
    typeof count === 'number' &&
    Number.isInteger(count) &&
    count >= 0 &&
    count <= outcomes.length &&
    (count === 0 || outcomes[count - 1]?.id === parsed.consumed);
  if (!matches) return undefined;
  return { model: OnlineSoftmax.fromJSON(parsed.model, options), count, consumed: parsed.consumed, encoder };
}
