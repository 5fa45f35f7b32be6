// Shared helpers of the realtime tests: a session on the loopback fake, waiting for activity.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RealtimeActivity } from '../../../src/orchestrator/realtime/realtime-activity';
import { RealtimeSession, RealtimeSessionOptions } from '../../../src/orchestrator/realtime/realtime-session';
import { DEFAULT_SESSION_CONFIG, SessionConfig } from '../../../src/orchestrator/realtime/session-config';
import { ToolRegistry } from '../../../src/orchestrator/realtime/tool-registry';
import type { RealtimeFake } from '../../fakes/realtime-fake';

export const MANUAL_TURNS: SessionConfig = { ...DEFAULT_SESSION_CONFIG, model: 'gpt-realtime-test', turnDetection: { mode: 'none' } };

export interface SessionHarness {
  session: RealtimeSession;
  registry: ToolRegistry;
  activity: RealtimeActivity[];
  /** Resolves with the first activity (seen so far or later) that matches. */
  waitFor<T extends RealtimeActivity>(what: string, match: (a: RealtimeActivity) => a is T, timeoutMs?: number): Promise<T>;
  waitFor(what: string, match: (a: RealtimeActivity) => boolean, timeoutMs?: number): Promise<RealtimeActivity>;
}

export function sessionOn(fake: RealtimeFake, overrides: Partial<RealtimeSessionOptions> = {}, apiKey = 'sk-test'): SessionHarness {
  const registry = overrides.registry ?? new ToolRegistry();
  const session = new RealtimeSession({
    config: MANUAL_TURNS,
    registry,
    endpoint: async () => ({ apiKey, baseURL: fake.baseURL }),
    reconnect: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 },
    readyTimeoutMs: 5_000,
    ...overrides,
  });
  const activity: RealtimeActivity[] = [];
  const waiters: Array<{ match: (a: RealtimeActivity) => boolean; resolve: (a: RealtimeActivity) => void }> = [];
  session.onActivity((a) => {
    activity.push(a);
    for (const w of [...waiters]) {
      if (w.match(a)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(a);
      }
    }
  });
  const waitFor = (what: string, match: (a: RealtimeActivity) => boolean, timeoutMs = 5_000): Promise<RealtimeActivity> => {
    const seen = activity.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${what}; saw ${JSON.stringify(activity.map((a) => (a.kind === 'state' ? `state:${a.state}` : a.kind === 'error' ? `error:${a.error.message}` : a.kind)))}`,
            ),
          ),
        timeoutMs,
      );
      waiters.push({ match, resolve: (a) => (clearTimeout(timer), resolve(a)) });
    });
  };
  return { session, registry, activity, waitFor: waitFor as SessionHarness['waitFor'] };
}

export function until(what: string, probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (probe()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Speaks `text` with espeak-ng into a WAV file in a temp folder (22.05 kHz mono PCM16). */
export function speakToWav(text: string, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-voice-'))): string {
  const file = path.join(dir, 'turn.wav');
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '170', '-w', file, text], { stdio: 'ignore' });
  return file;
}

/** What sox makes of the WAV as raw PCM16 24 kHz mono (the recorder path's exact output). */
export function soxRaw(wav: string): Buffer {
  return execFileSync('sox', ['-D', wav, '-t', 'raw', '-r', '24000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
}
