// The Claude coder: a streaming tool-use loop over the official @anthropic-ai/sdk. The system prompt
// comes from the selected expert's definition plus retrieved context; the tools are the ones the
// expert's definition allows; every tool runs through the host (and so the security gate); progress
// is streamed as typed events; an AbortSignal cancels it; a turn limit bounds it. The system prompt,
// the tools and the conversation so far are prompt-cached; a turn stopped by max_tokens or
// pause_turn is continued (claude-continuation.ts).
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageParam, TextBlockParam, Tool, ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { ExpertDefinition } from '../agents/expert-definition';
import type { LoggerPort } from '../ports';
import { cachedSystem, cachedTools, CONTINUE_PROMPT, keptContent, nextStep, textOf, withCacheBreakpoint } from './claude-continuation';
import { CoderToolName, CoderToolSpec, isCoderToolName, parseToolInput, toolsForExpert } from './coder-tools';
import type { CoderToolHost, ContextRetriever, DelegateActor, DelegateEventListener, DelegateResult, RetrievedContext, ToolCallRecord } from './delegate-types';
import { DelegateCancelledError, DelegateConfigError, errorMessage, isDenial } from './errors';
import { guardedListener } from './delegate-listener';
import { linkedController } from './linked-signal';
import { toProviderError } from './provider-errors';
import { buildCoderSystemPrompt, buildCoderUserPrompt } from './system-prompt';

import type { ClaudeSettings } from './provider-settings';
import { vscodeKeyAdvice } from '../security/api-keys';
export { type ClaudeSettings, DEFAULT_CLAUDE_SETTINGS } from './provider-settings';

export interface ClaudeCoderOptions {
  host: CoderToolHost;
  settings: () => ClaudeSettings;
  /** The Anthropic API key (from secret storage); undefined when none is set. */
  apiKey: () => Promise<string | undefined>;
  /** How to set the key, in the host's terms (default: the VS Code command). */
  howToSetKey?: () => string;
  /** Retrieved context for the task; the coder works without it when there is none. */
  retriever?: () => ContextRetriever | undefined;
  logger: LoggerPort;
}

export interface CoderRequest {
  task: string;
  expert: ExpertDefinition;
  actor: DelegateActor;
  files?: readonly string[];
  signal?: AbortSignal;
  onEvent?: DelegateEventListener;
}

const MAX_TOOL_OUTPUT = 30_000;

export class ClaudeCoder {
  constructor(private readonly options: ClaudeCoderOptions) {}

  /** Runs the task to the end; throws DelegateConfigError, DelegateProviderError or DelegateCancelledError. */
  async run(request: CoderRequest): Promise<DelegateResult> {
    const settings = this.options.settings();
    const signal = request.signal ?? new AbortController().signal;
    const emit = guardedListener(request.onEvent, this.options.logger, 'Claude coder');
    const apiKey = await this.options.apiKey();
    if (!apiKey) throw new DelegateConfigError(`No Anthropic API key is set: ${this.options.howToSetKey?.() ?? vscodeKeyAdvice('anthropic')}.`);
    const client = new Anthropic({
      apiKey,
      maxRetries: settings.maxRetries,
      timeout: settings.timeoutMs,
      logger: this.options.logger, // the SDK's own warnings go to the host's log, not the console
      logLevel: 'warn',
      ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    });

    const specs = toolsForExpert(request.expert);
    const context = await this.retrieve(request, emit);
    const caching = settings.promptCaching !== false;
    const plainSystem = buildCoderSystemPrompt(request.expert, specs, context);
    const system: TextBlockParam[] = caching ? cachedSystem(plainSystem) : [{ type: 'text', text: plainSystem }];
    const plainTools: Tool[] = specs.map((s) => ({ name: s.name, description: s.description, input_schema: s.input_schema }));
    const tools = caching ? cachedTools(plainTools) : plainTools;
    const messages: MessageParam[] = [{ role: 'user', content: buildCoderUserPrompt(request.task, request.files) }];
    const result: DelegateResult = {
      success: false,
      summary: '',
      turns: 0,
      toolCalls: [],
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0 },
      changedFiles: [],
      denied: 0,
    };
    let maxTokens = settings.maxTokens;
    let carried = ''; // text of answers continued after max_tokens / pause_turn

    for (let turn = 1; turn <= settings.maxTurns; turn++) {
      if (signal.aborted) throw new DelegateCancelledError('The Claude task');
      result.turns = turn;
      emit({ type: 'turn', turn, maxTurns: settings.maxTurns });
      const message = await this.streamTurn(client, { ...settings, maxTokens }, system, tools, messages, signal, emit);
      addUsage(result, message);
      const step = nextStep(message, maxTokens);
      if (step.kind === 'retry') {
        emit({
          type: 'status',
          message: `Claude's answer was cut off inside a tool call at ${maxTokens} tokens; asking again with room for ${step.maxTokens}.`,
        });
        maxTokens = step.maxTokens;
        continue;
      }
      maxTokens = settings.maxTokens;
      const kept = keptContent(message);
      if (kept.length) messages.push({ role: 'assistant', content: kept });
      const text = carried + textOf(message);
      if (step.kind === 'resume' || step.kind === 'continue') {
        carried = text;
        if (step.kind === 'continue') messages.push({ role: 'user', content: CONTINUE_PROMPT });
        emit({
          type: 'status',
          message:
            step.kind === 'resume'
              ? 'Claude paused a long turn; continuing it.'
              : `Claude's answer reached ${settings.maxTokens} tokens; asking it to continue.`,
        });
        continue;
      }
      carried = '';
      const uses = message.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
      if (step.kind !== 'tools') {
        return this.finish(result, step.kind === 'too-long' ? 'max_tokens' : message.stop_reason, text.trim(), settings);
      }
      const answers: ToolResultBlockParam[] = [];
      for (const use of uses) {
        if (signal.aborted) throw new DelegateCancelledError('The Claude task');
        const record = await this.runTool(use, specs, request.actor, signal, emit);
        result.toolCalls.push(record);
        if (record.denied) result.denied++;
        if (record.ok && (use.name === 'edit_file' || use.name === 'create_file')) {
          const file = String((use.input as Record<string, unknown>).path);
          if (!result.changedFiles.includes(file)) result.changedFiles.push(file);
        }
        answers.push({ type: 'tool_result', tool_use_id: use.id, content: record.output, ...(record.ok ? {} : { is_error: true }) });
      }
      messages.push({ role: 'user', content: answers });
    }
    result.summary = `Stopped after ${settings.maxTurns} turns (bigThree.claude.maxTurns) before Claude finished.${result.changedFiles.length ? ` Files changed so far: ${result.changedFiles.join(', ')}.` : ''}`;
    emit({ type: 'error', message: result.summary });
    return result;
  }

  private async retrieve(request: CoderRequest, emit: DelegateEventListener): Promise<RetrievedContext | undefined> {
    const retriever = this.options.retriever?.();
    if (!retriever) return undefined;
    try {
      const context = await retriever.retrieveForTask(request.task, request.expert.id, 5);
      emit({ type: 'status', message: `Retrieved ${context.codeContext.length} code snippets and ${context.experienceContext.length} past experiences.` });
      return context;
    } catch (error) {
      this.options.logger.warn(`Context retrieval failed; Claude works without it: ${errorMessage(error)}`);
      emit({ type: 'status', message: `No retrieved context (${errorMessage(error)}).` });
      return undefined;
    }
  }

  private async streamTurn(
    client: Anthropic,
    settings: ClaudeSettings,
    system: TextBlockParam[],
    tools: Tool[],
    messages: MessageParam[],
    signal: AbortSignal,
    emit: DelegateEventListener,
  ): Promise<Message> {
    // One controller per turn, linked to the task's signal: the SDK leaves its listener on the signal
    // it is given, so sharing the task's signal across many turns would pile listeners up.
    const turn = linkedController(signal);
    try {
      const sent = settings.promptCaching === false ? messages : withCacheBreakpoint(messages);
      const stream = client.messages.stream(
        { model: settings.model, max_tokens: settings.maxTokens, system, messages: sent, ...(tools.length ? { tools } : {}) },
        { signal: turn.signal },
      );
      stream.on('text', (delta) => emit({ type: 'text', delta }));
      return await stream.finalMessage();
    } catch (error) {
      throw toProviderError('Claude', error, signal, 'The Claude task');
    } finally {
      turn.dispose();
    }
  }

  private async runTool(
    use: ToolUseBlock,
    specs: readonly CoderToolSpec[],
    actor: DelegateActor,
    signal: AbortSignal,
    emit: DelegateEventListener,
  ): Promise<ToolCallRecord> {
    const input = (use.input && typeof use.input === 'object' ? use.input : {}) as Record<string, unknown>;
    emit({ type: 'tool_call', id: use.id, name: use.name, input });
    let record: ToolCallRecord;
    if (!isCoderToolName(use.name) || !specs.some((s) => s.name === use.name)) {
      record = {
        name: use.name,
        input,
        ok: false,
        denied: true,
        output: `The tool "${use.name}" is not available to ${actor.expertId}; its definition does not allow it. Use only: ${specs.map((s) => s.name).join(', ') || 'no tools'}.`,
      };
    } else {
      try {
        record = { name: use.name, input, ok: true, denied: false, output: clip(await this.execute(use.name, use.input, actor, signal)) };
      } catch (error) {
        if (signal.aborted) throw new DelegateCancelledError('The Claude task');
        record = { name: use.name, input, ok: false, denied: isDenial(error), output: `${isDenial(error) ? 'Refused' : 'Failed'}: ${errorMessage(error)}` };
      }
    }
    emit({ type: 'tool_result', id: use.id, name: use.name, ok: record.ok, denied: record.denied, output: record.output.slice(0, 2_000) });
    return record;
  }

  private async execute(name: CoderToolName, raw: unknown, actor: DelegateActor, signal: AbortSignal): Promise<string> {
    const input = parseToolInput(name, raw);
    const host = this.options.host;
    switch (input.name) {
      case 'read_file':
        return host.readFile(actor, input.path);
      case 'list_files': {
        const entries = await host.listFiles(actor, input.path);
        return entries.length ? entries.join('\n') : '(empty folder)';
      }
      case 'search_code':
        return (await host.searchCode(actor, input.query, input.limit)) || 'No matches.';
      case 'edit_file':
        return host.editFile(actor, {
          path: input.path,
          oldText: input.oldText,
          newText: input.newText,
          reason: `Claude (${actor.expertId}) edits ${input.path} for task ${actor.taskId}`,
        });
      case 'create_file':
        return host.createFile(actor, {
          path: input.path,
          content: input.content,
          reason: `Claude (${actor.expertId}) creates ${input.path} for task ${actor.taskId}`,
        });
      case 'run_command': {
        const out = await host.runCommand(actor, input.command, signal);
        return `exit code: ${out.exitCode ?? 'none'}${out.timedOut ? ' (timed out)' : ''}\n${out.output}`;
      }
    }
  }

  private finish(result: DelegateResult, stopReason: Message['stop_reason'], text: string, settings: ClaudeSettings): DelegateResult {
    if (stopReason === 'end_turn' || stopReason === 'stop_sequence') {
      result.success = result.denied === 0;
      result.summary = text || 'Claude finished without a summary.';
      if (result.denied) result.summary += `\n(${result.denied} action${result.denied > 1 ? 's were' : ' was'} refused by your security settings.)`;
    } else if (stopReason === 'max_tokens') {
      result.summary = `Claude's answer was cut off at ${settings.maxTokens} tokens (bigThree.claude.maxTokens).${text ? `\n${text}` : ''}`;
    } else if (stopReason === 'refusal') {
      result.summary = `Claude declined the task.${text ? `\n${text}` : ''}`;
    } else {
      result.summary = `Claude stopped (${stopReason ?? 'no reason given'}).${text ? `\n${text}` : ''}`;
    }
    return result;
  }
}

function addUsage(result: DelegateResult, message: Message): void {
  const u = message.usage;
  result.usage.inputTokens += u.input_tokens ?? 0;
  result.usage.outputTokens += u.output_tokens ?? 0;
  result.usage.cacheReadTokens = (result.usage.cacheReadTokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  result.usage.cacheCreationTokens = (result.usage.cacheCreationTokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
}

function clip(text: string): string {
  return text.length > MAX_TOOL_OUTPUT ? `${text.slice(0, MAX_TOOL_OUTPUT)}\n… (${text.length - MAX_TOOL_OUTPUT} more characters cut)` : text;
}
