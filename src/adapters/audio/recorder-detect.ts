// Finds a program that can record the microphone as raw PCM16 24 kHz mono on stdout: SoX (`rec`
// or `sox -d`), ALSA's `arecord`, or `ffmpeg`, in that order, or the command the user configured.
import * as fs from 'fs';
import * as path from 'path';
import { AudioCaptureError } from '../../orchestrator/realtime/errors';

export interface RecorderCommand {
  /** Which recorder, for messages ("sox (rec)", "arecord", "ffmpeg", "custom"). */
  name: string;
  command: string;
  args: string[];
}

export const RECORDER_GUIDANCE =
  'Install one of: SoX ("sudo apt install sox", "brew install sox", or sox.sourceforge.net on Windows), ALSA utils ("sudo apt install alsa-utils" for arecord) or ffmpeg; ' +
  'or set bigThree.voice.recorderCommand to a command that writes raw 16-bit 24 kHz mono PCM to stdout. You can always type your request instead.';

const RAW_24K = ['-t', 'raw', '-r', '24000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-'];

function ffmpegInput(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') return ['-f', 'avfoundation', '-i', ':0'];
  if (platform === 'win32') return ['-f', 'dshow', '-i', 'audio=default'];
  return ['-f', 'alsa', '-i', 'default'];
}

/** The recorders we know, in order of preference, for this platform. */
export function knownRecorders(platform: NodeJS.Platform = process.platform): RecorderCommand[] {
  return [
    { name: 'sox (rec)', command: 'rec', args: ['-q', ...RAW_24K] },
    { name: 'sox', command: 'sox', args: ['-q', '-d', ...RAW_24K] },
    ...(platform === 'linux' ? [{ name: 'arecord', command: 'arecord', args: ['-q', '-t', 'raw', '-f', 'S16_LE', '-r', '24000', '-c', '1', '-'] }] : []),
    {
      name: 'ffmpeg',
      command: 'ffmpeg',
      args: ['-hide_banner', '-loglevel', 'error', ...ffmpegInput(platform), '-ac', '1', '-ar', '24000', '-f', 's16le', '-'],
    },
  ];
}

/** Splits a command line into argv: whitespace separates, '…' and "…" group, \ escapes. No shell is involved. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || current) out.push(current);
      current = '';
      has = false;
    } else {
      current += ch;
    }
  }
  if (quote) throw new AudioCaptureError(`The recorder command has an unclosed ${quote} quote: ${line}`, 'failed');
  if (has || current) out.push(current);
  return out;
}

/** Full path of an executable on PATH (with PATHEXT on Windows), or undefined. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  const candidates =
    command.includes('/') || command.includes('\\')
      ? [command]
      : (env.PATH ?? '')
          .split(path.delimiter)
          .filter(Boolean)
          .map((dir) => path.join(dir, command));
  for (const base of candidates) {
    for (const ext of exts) {
      const file = base + ext;
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * The recorder to use: the configured command line when set (its program must exist), else the
 * first known recorder found on PATH. Throws AudioCaptureError('not-installed') with guidance.
 */
export function detectRecorder(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): RecorderCommand {
  if (configured?.trim()) {
    const [command, ...args] = splitCommandLine(configured.trim());
    if (!command) throw new AudioCaptureError('bigThree.voice.recorderCommand is empty.', 'not-installed');
    const found = findExecutable(command, env, platform);
    if (!found)
      throw new AudioCaptureError(
        `The configured recorder "${command}" (bigThree.voice.recorderCommand) was not found on PATH. ${RECORDER_GUIDANCE}`,
        'not-installed',
      );
    return { name: 'custom', command: found, args };
  }
  for (const recorder of knownRecorders(platform)) {
    const found = findExecutable(recorder.command, env, platform);
    if (found) return { ...recorder, command: found };
  }
  throw new AudioCaptureError(`No audio recorder was found for microphone capture. ${RECORDER_GUIDANCE}`, 'not-installed');
}
