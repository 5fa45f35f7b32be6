// Announced shutdowns of realtime and transcription models, as listed in the openai SDK's realtime
// types ("Deprecated values … Announced shutdown date"). A session warns at start when a configured
// model is past its shutdown, and notes when one is deprecated, so the user can switch in time.
import type { SessionConfig } from './session-config';
import { DEFAULT_REALTIME_MODEL, DEFAULT_TRANSCRIPTION_MODEL } from './session-config';
import { lookupTable } from '../text/lookup-table';

interface Deprecation {
  shutdown: string; // YYYY-MM-DD
  replacement: string;
  setting: string;
}

const REALTIME = { shutdown: '2027-01-20', replacement: DEFAULT_REALTIME_MODEL, setting: 'bigThree.realtime.model' };
const TRANSCRIBE = { shutdown: '2027-02-26', replacement: DEFAULT_TRANSCRIPTION_MODEL, setting: 'bigThree.realtime.transcriptionModel' };

/** openai 7.57 `RealtimeSessionCreateRequest.model` and `AudioTranscription.model` deprecated values. */
export const MODEL_DEPRECATIONS: Readonly<Record<string, Deprecation>> = lookupTable<Deprecation>({
  'gpt-realtime': REALTIME,
  'gpt-realtime-2025-08-28': REALTIME,
  'gpt-realtime-mini': REALTIME,
  'gpt-realtime-mini-2025-12-15': REALTIME,
  'gpt-audio-mini': REALTIME,
  'gpt-audio-mini-2025-12-15': REALTIME,
  'whisper-1': TRANSCRIBE,
  'gpt-4o-mini-transcribe': TRANSCRIBE,
  'gpt-4o-mini-transcribe-2025-12-15': TRANSCRIBE,
  'gpt-4o-transcribe': TRANSCRIBE,
  'gpt-4o-transcribe-diarize': TRANSCRIBE,
});

export interface ModelWarning {
  model: string;
  pastShutdown: boolean;
  message: string;
}

/** Warnings for the configured models on `today` (past shutdown, or deprecated with a date). */
export function modelWarnings(config: Pick<SessionConfig, 'model' | 'inputTranscriptionModel'>, today: Date): ModelWarning[] {
  const day = today.toISOString().slice(0, 10);
  const warnings: ModelWarning[] = [];
  for (const model of [config.model, config.inputTranscriptionModel]) {
    const d = model ? MODEL_DEPRECATIONS[model] : undefined;
    if (!d) continue;
    const past = day >= d.shutdown;
    warnings.push({
      model,
      pastShutdown: past,
      message: past
        ? `${d.setting} is "${model}", which OpenAI shut down on ${d.shutdown}: set it to ${d.replacement} (or another current model).`
        : `${d.setting} is "${model}", deprecated with an announced shutdown on ${d.shutdown}: consider ${d.replacement}.`,
    });
  }
  return warnings;
}
