// Microphone capture in the extension host: runs a recorder program (sox, arecord, ffmpeg or the
// configured command) that writes raw PCM16 24 kHz mono to stdout, and cuts its output into frames.
import { ChildProcess, spawn } from 'child_process';
import { AudioSink, AudioSource, DEFAULT_FRAME_BYTES, PcmFramer } from '../../orchestrator/realtime/audio';
import { AudioCaptureError } from '../../orchestrator/realtime/errors';
import { RECORDER_GUIDANCE, RecorderCommand } from './recorder-detect';

const STDERR_KEEP = 2_000;
const STOP_GRACE_MS = 1_500;

export class ProcessRecorder implements AudioSource {
  private child: ChildProcess | undefined;
  private stopping = false;
  private closed: Promise<void> = Promise.resolve();

  constructor(
    private readonly recorder: RecorderCommand,
    private readonly frameBytes = DEFAULT_FRAME_BYTES,
  ) {}

  get description(): string {
    return this.recorder.name;
  }

  start(sink: AudioSink): Promise<void> {
    if (this.child) return Promise.reject(new AudioCaptureError(`${this.recorder.name} is already recording.`, 'failed'));
    this.stopping = false;
    const framer = new PcmFramer(this.frameBytes);
    let stderr = '';
    let failed = false;
    const child = spawn(this.recorder.command, this.recorder.args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.child = child;
    child.stdout!.on('data', (data: Buffer) => framer.push(data, (frame) => sink.chunk(frame)));
    child.stderr!.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-STDERR_KEEP);
    });
    let resolveClosed!: () => void;
    this.closed = new Promise((r) => (resolveClosed = r));
    return new Promise<void>((resolve, reject) => {
      let started = false;
      child.once('spawn', () => {
        started = true;
        resolve();
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        failed = true;
        const typed =
          error.code === 'ENOENT'
            ? new AudioCaptureError(`The recorder "${this.recorder.command}" is not installed or not on PATH. ${RECORDER_GUIDANCE}`, 'not-installed')
            : new AudioCaptureError(`Could not run the recorder ${this.recorder.name}: ${error.message}`, 'failed');
        if (!started) {
          this.child = undefined;
          resolveClosed();
          reject(typed);
        } else sink.error(typed);
      });
      child.once('close', (code, signal) => {
        this.child = undefined;
        if (started) {
          framer.flush((frame) => sink.chunk(frame));
          const expected = this.stopping || code === 0;
          if (!expected && !failed) {
            const detail = stderr.trim().split('\n').slice(-3).join(' / ');
            sink.error(
              new AudioCaptureError(
                `The recorder ${this.recorder.name} stopped with ${signal ? `signal ${signal}` : `exit code ${code}`}${detail ? `: ${detail}` : ''}. Check that a microphone is connected, or set bigThree.voice.recorderCommand.`,
                'failed',
              ),
            );
          }
          sink.end();
        }
        resolveClosed();
      });
    });
  }

  /** Asks the recorder to finish (SIGINT lets sox/arecord flush), forcing it after a grace period. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return this.closed;
    this.stopping = true;
    child.kill('SIGINT');
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    force.unref?.();
    await this.closed;
    clearTimeout(force);
  }
}
