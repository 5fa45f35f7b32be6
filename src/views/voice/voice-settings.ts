// bigThree.realtime.* and bigThree.voice.* settings. The endpoint, its CA file and the recorder
// command are application-scoped: a workspace must not redirect the API key or run a program.
import * as vscode from 'vscode';
import { DEFAULT_REALTIME_BASE_URL } from '../../orchestrator/realtime/realtime-transport';
import {
  DEFAULT_INSTRUCTIONS,
  DEFAULT_SESSION_CONFIG,
  NoiseReduction,
  OutputModality,
  SessionConfig,
  TurnDetectionMode,
  nonGaSettingMessages,
} from '../../orchestrator/realtime/session-config';
import { DEFAULT_REALTIME_PRICES, RealtimePrices } from '../../orchestrator/realtime/usage-meter';

export interface VoiceSettings {
  baseUrl: string;
  caCertificateFile: string;
  session: SessionConfig;
  prices: RealtimePrices;
  recorderCommand: string;
  /** Settings that are set but not sent (the GA session has no field for them). */
  warnings: string[];
}

function userValue<T>(c: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const inspected = c.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function readVoiceSettings(): VoiceSettings {
  const rt = vscode.workspace.getConfiguration('bigThree.realtime');
  const voice = vscode.workspace.getConfiguration('bigThree.voice');
  const temperature = rt.get<number | null>('temperature', null);
  const prices = rt.get<Partial<RealtimePrices>>('prices', {});
  const cleanPrices = Object.fromEntries(Object.entries(prices ?? {}).filter(([k, v]) => k in DEFAULT_REALTIME_PRICES && typeof v === 'number' && v >= 0));
  const maxOutputTokens = rt.get<number | null>('maxOutputTokens', null);
  return {
    baseUrl: userValue(rt, 'baseUrl', DEFAULT_REALTIME_BASE_URL) || DEFAULT_REALTIME_BASE_URL,
    caCertificateFile: userValue(rt, 'caCertificateFile', ''),
    recorderCommand: userValue(voice, 'recorderCommand', ''),
    warnings: nonGaSettingMessages({ temperature }),
    prices: { ...DEFAULT_REALTIME_PRICES, ...cleanPrices },
    session: {
      model: rt.get<string>('model', DEFAULT_SESSION_CONFIG.model),
      voice: rt.get<string>('voice', DEFAULT_SESSION_CONFIG.voice),
      modalities: rt.get<OutputModality>('outputModality', 'audio'),
      instructions: rt.get<string>('instructions', '')?.trim() || DEFAULT_INSTRUCTIONS,
      turnDetection: { mode: rt.get<TurnDetectionMode>('turnDetection', 'server_vad'), silenceDurationMs: rt.get<number>('vadSilenceMs', 500) },
      inputTranscriptionModel: rt.get<string>('transcriptionModel', DEFAULT_SESSION_CONFIG.inputTranscriptionModel),
      noiseReduction: rt.get<NoiseReduction>('noiseReduction', 'near_field'),
      ...(typeof maxOutputTokens === 'number' ? { maxOutputTokens } : {}),
    },
  };
}
