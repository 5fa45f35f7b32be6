// The settings of one realtime session and their translation into a GA `session.update`.
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import { RealtimeConfigError } from './errors';
import type { RealtimeToolDefinition } from './tool-registry';

export const PCM_SAMPLE_RATE = 24_000;

export type OutputModality = 'audio' | 'text';
export type TurnDetectionMode = 'server_vad' | 'semantic_vad' | 'none';
export type NoiseReduction = 'near_field' | 'far_field' | 'off';

/** Current (not deprecated) models of the openai SDK's GA realtime types. */
export const DEFAULT_REALTIME_MODEL = 'gpt-realtime-2.1';
export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-live-transcribe';

export interface TurnDetection {
  mode: TurnDetectionMode;
  /** server_vad: activation threshold 0–1 (default 0.5). */
  threshold?: number;
  /** server_vad: audio kept before speech starts (default 300 ms). */
  prefixPaddingMs?: number;
  /** server_vad: silence that ends a turn (default 500 ms). */
  silenceDurationMs?: number;
  /** semantic_vad: how quickly the model answers (default auto). */
  eagerness?: 'low' | 'medium' | 'high' | 'auto';
}

export interface SessionConfig {
  model: string;
  voice: string;
  /** The model answers with audio (plus a transcript) or with text only. */
  modalities: OutputModality;
  /** Input noise reduction: near_field (headset, laptop mic), far_field (room mic), off. */
  noiseReduction?: NoiseReduction;
  instructions: string;
  turnDetection: TurnDetection;
  /** Model that transcribes the user's speech for the transcript; empty turns it off. */
  inputTranscriptionModel: string;
  maxOutputTokens?: number;
}

export const DEFAULT_INSTRUCTIONS = [
  'You are the voice front-end of Big Three, a coding orchestrator inside the editor.',
  'Keep spoken answers short. Hand coding work to Claude with delegate_to_claude and web or browser work to Gemini with delegate_to_gemini;',
  'both return a task id at once: tell the user the task started, and use check_task_result when they ask how it went.',
  'Use select_expert to pick the right expert, plan_workflow for multi-step goals, search_code to look things up in the workspace and pool_status for the agent pool.',
].join(' ');

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  model: DEFAULT_REALTIME_MODEL,
  voice: 'marin',
  modalities: 'audio',
  instructions: DEFAULT_INSTRUCTIONS,
  turnDetection: { mode: 'server_vad' },
  inputTranscriptionModel: DEFAULT_TRANSCRIPTION_MODEL,
  noiseReduction: 'near_field',
};

/**
 * Settings of older realtime versions that the GA session has no field for. The GA server rejects
 * the whole session.update on an unknown field, so they are never sent; each set one gets a message.
 */
export function nonGaSettingMessages(settings: { temperature?: number | null }): string[] {
  const messages: string[] = [];
  if (typeof settings.temperature === 'number') {
    messages.push(
      `bigThree.realtime.temperature (${settings.temperature}) is not sent: the GA Realtime session has no temperature (the model chooses its own). Remove the setting to silence this message.`,
    );
  }
  return messages;
}

const MODEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/** Throws a RealtimeConfigError naming the first bad setting. */
export function validateSessionConfig(config: SessionConfig): SessionConfig {
  if (!MODEL_PATTERN.test(config.model))
    throw new RealtimeConfigError(`The realtime model "${config.model}" is not a valid model name (letters, digits, . _ : / -).`);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(config.voice))
    throw new RealtimeConfigError(`The voice "${config.voice}" is not a valid voice name (e.g. marin, cedar, alloy).`);
  if (config.modalities !== 'audio' && config.modalities !== 'text')
    throw new RealtimeConfigError(`Output modality must be "audio" or "text", not "${String(config.modalities)}".`);
  if (config.noiseReduction !== undefined && !['near_field', 'far_field', 'off'].includes(config.noiseReduction)) {
    throw new RealtimeConfigError(`Noise reduction must be near_field, far_field or off, not "${String(config.noiseReduction)}".`);
  }
  if (typeof config.instructions !== 'string' || config.instructions.length > 32_000)
    throw new RealtimeConfigError('Instructions must be a text of at most 32,000 characters.');
  const td = config.turnDetection;
  if (!['server_vad', 'semantic_vad', 'none'].includes(td.mode))
    throw new RealtimeConfigError(`Turn detection must be server_vad, semantic_vad or none, not "${String(td.mode)}".`);
  if (td.threshold !== undefined && !(td.threshold >= 0 && td.threshold <= 1))
    throw new RealtimeConfigError(`The VAD threshold must be between 0 and 1 (got ${td.threshold}).`);
  for (const [name, value] of [
    ['prefixPaddingMs', td.prefixPaddingMs],
    ['silenceDurationMs', td.silenceDurationMs],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 10_000))
      throw new RealtimeConfigError(`${name} must be a whole number of milliseconds from 0 to 10000 (got ${value}).`);
  }
  if (config.maxOutputTokens !== undefined && !(Number.isInteger(config.maxOutputTokens) && config.maxOutputTokens >= 1 && config.maxOutputTokens <= 4096)) {
    throw new RealtimeConfigError(`maxOutputTokens must be a whole number from 1 to 4096 (got ${config.maxOutputTokens}).`);
  }
  return config;
}

function turnDetectionParam(td: TurnDetection): NonNullable<NonNullable<RealtimeSessionCreateRequest['audio']>['input']>['turn_detection'] {
  if (td.mode === 'none') return null;
  if (td.mode === 'semantic_vad') return { type: 'semantic_vad', eagerness: td.eagerness ?? 'auto', create_response: true, interrupt_response: true };
  return {
    type: 'server_vad',
    threshold: td.threshold ?? 0.5,
    prefix_padding_ms: td.prefixPaddingMs ?? 300,
    silence_duration_ms: td.silenceDurationMs ?? 500,
    create_response: true,
    interrupt_response: true,
  };
}

/**
 * The `session` of a GA `session.update` (type: 'realtime', PCM16 24 kHz both ways), built field by
 * field from the SDK's GA type: nothing outside it (e.g. a stray `temperature`) can be sent.
 */
export function buildSessionUpdate(config: SessionConfig, tools: readonly RealtimeToolDefinition[]): RealtimeSessionCreateRequest {
  const noiseReduction = config.noiseReduction ?? 'off';
  const session: RealtimeSessionCreateRequest = {
    type: 'realtime',
    instructions: config.instructions,
    output_modalities: [config.modalities],
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: PCM_SAMPLE_RATE },
        turn_detection: turnDetectionParam(config.turnDetection),
        ...(noiseReduction === 'off' ? {} : { noise_reduction: { type: noiseReduction } }),
        ...(config.inputTranscriptionModel ? { transcription: { model: config.inputTranscriptionModel } } : {}),
      },
      output: { format: { type: 'audio/pcm', rate: PCM_SAMPLE_RATE }, voice: config.voice },
    },
    tools: tools.map((t) => ({ type: 'function' as const, name: t.name, description: t.description, parameters: t.parameters })),
    tool_choice: 'auto',
    ...(config.maxOutputTokens !== undefined ? { max_output_tokens: config.maxOutputTokens } : {}),
  };
  return session;
}
