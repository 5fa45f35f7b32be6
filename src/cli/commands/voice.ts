// `big-three voice --wav FILE`: plays a recorded spoken turn into an OpenAI Realtime session (the
// same RealtimeSession, tools and delegation service as the Voice panel; default server_vad, the
// end of the file ends the turn like releasing Talk) and prints the transcript, the tool calls and
// their results, then the results of the tasks it delegated.
import { WavFileSource } from '../../adapters/audio/wav-file-source';
import type { RealtimeActivity } from '../../orchestrator/realtime/realtime-activity';
import { RealtimeSession } from '../../orchestrator/realtime/realtime-session';
import { DEFAULT_REALTIME_BASE_URL } from '../../orchestrator/realtime/realtime-transport';
import { createOrchestratorToolDeps } from '../../orchestrator/realtime/orchestrator-tool-deps';
import { registerOrchestratorTools } from '../../orchestrator/realtime/orchestrator-tools';
import { DEFAULT_SESSION_CONFIG } from '../../orchestrator/realtime/session-config';
import { ToolRegistry } from '../../orchestrator/realtime/tool-registry';
import { VoiceController } from '../../orchestrator/realtime/voice-controller';
import type { CliIo } from '../cli-host';
import type { HeadlessServices } from '../headless-services';
import { UsageError } from '../usage-error';

export const VOICE_HELP = `  big-three voice --wav FILE [--timeout SECONDS] [--yes] [--json]     (one spoken turn into an OpenAI Realtime session: OPENAI_API_KEY;
                    endpoint $BIG_THREE_REALTIME_URL, model $BIG_THREE_REALTIME_MODEL; prints transcript, tool calls, results)`;

export interface VoiceCommandOptions {
  wav?: string;
  timeoutSeconds: number;
  json: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function voiceCommand(app: HeadlessServices, io: CliIo, rest: readonly string[], options: VoiceCommandOptions): Promise<number> {
  if (rest.length || !options.wav) throw new UsageError('expected voice --wav FILE');
  const env = options.env ?? process.env;
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) throw new UsageError('set OPENAI_API_KEY to talk to the realtime model');
  const registry = new ToolRegistry();
  registerOrchestratorTools(
    registry,
    createOrchestratorToolDeps({
      chooser: app.learned.chooser,
      pool: app.core.pool,
      planner: app.workflow.planner,
      delegation: () => app.delegation,
      search: () => ({ why: 'search_code is not available in big-three voice; use big-three search' }),
      authorizeSearch: (query) =>
        app.authorize({ operation: 'code.search', resource: app.workspace, detail: `big-three voice search_code: ${query.slice(0, 200)}` }),
    }),
  );
  const session = new RealtimeSession({
    config: { ...DEFAULT_SESSION_CONFIG, ...(env.BIG_THREE_REALTIME_MODEL ? { model: env.BIG_THREE_REALTIME_MODEL } : {}) },
    registry,
    endpoint: async () => ({ apiKey, baseURL: env.BIG_THREE_REALTIME_URL || DEFAULT_REALTIME_BASE_URL }),
    logger: app.logger,
    reconnect: { maxAttempts: 1 },
  });
  const transcript: Array<{ role: string; text: string }> = [];
  const tools: Array<{ name: string; arguments: string; ok?: boolean; output?: string }> = [];
  const delegated: string[] = [];
  let pendingTools = 0;
  let answered!: () => void;
  const turnDone = new Promise<void>((resolve) => (answered = resolve));
  const line = (text: string) => !options.json && io.out(text);
  const onActivity = (a: RealtimeActivity) => {
    if (a.kind === 'transcript' && a.final) {
      transcript.push({ role: a.role, text: a.text });
      line(`${a.role === 'user' ? 'You' : 'Assistant'}: ${a.text}`);
      if (a.role === 'assistant' && pendingTools === 0) answered();
    } else if (a.kind === 'tool-call') {
      pendingTools++;
      tools.push({ name: a.name, arguments: a.arguments });
      line(`→ ${a.name} ${a.arguments.slice(0, 300)}`);
    } else if (a.kind === 'tool-result') {
      pendingTools--;
      Object.assign(tools.find((t) => t.name === a.name && t.ok === undefined) ?? {}, { ok: a.ok, output: a.output });
      const id = /"task_id"\s*:\s*"([^"]+)"/.exec(a.output)?.[1];
      if (a.ok && id && a.name.startsWith('delegate_to_')) delegated.push(id);
      line(`${a.ok ? '✓' : '✗'} ${a.name}: ${a.output.slice(0, 300)}`);
    } else if (a.kind === 'error') {
      io.err(`voice: ${a.error.message}`);
    } else if (a.kind === 'response-status') {
      io.err(`voice: the answer was ${a.status}${a.reason ? ` (${a.reason})` : ''}`);
    }
  };
  const subscription = session.onActivity(onActivity);
  let timer: NodeJS.Timeout | undefined;
  try {
    await session.start();
    const voice = new VoiceController(session, () => new WavFileSource(options.wav!), app.logger);
    await voice.startListening();
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutSeconds * 1000)));
    if ((await Promise.race([turnDone, timedOut])) === 'timeout') {
      io.err(`voice: no spoken answer within ${options.timeoutSeconds} s`);
      return 1;
    }
    const results = [];
    for (const taskId of delegated) {
      const task = await app.delegation.wait(taskId);
      results.push({ taskId, kind: task.kind, state: task.state, summary: task.summary ?? task.error ?? '' });
      line(`Task ${taskId} (${task.kind}, ${task.expertId}) ${task.state}: ${(task.summary ?? task.error ?? '').slice(0, 2_000)}`);
    }
    if (options.json) io.out(JSON.stringify({ transcript, tools, delegated: results, usage: session.usage }, null, 2));
    return results.every((r) => r.state === 'succeeded') ? 0 : 1;
  } finally {
    if (timer) clearTimeout(timer);
    subscription.dispose();
    await session.stop();
  }
}
