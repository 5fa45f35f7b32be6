// The Gemini browser: a screenshot → action loop over @google/genai computer use (v1beta), driving a
// browser through the BrowserPort. The `browser_use` permission is checked (and approval asked unless
// auto-approved) before the browser opens; each action is audited; a `require_confirmation` safety
// decision is put to the user and a refusal stops the task; a safety decision it does not know
// stops the task without acting. Without a browser it answers in research mode (a plain
// generateContent answer, no browsing). 408/429/5xx answers are retried with backoff honouring
// retry-after (retrying-fetch.ts); a MALFORMED_FUNCTION_CALL is asked again. The action set
// (legacy or current) follows the computer-use model.
import { Environment, FinishReason, GoogleGenAI, type Content, type FunctionCall, type GenerateContentResponse, type Part } from '@google/genai';
import type { ApprovalPort, LoggerPort } from '../ports';
import type { SecurityGate } from '../security/security-gate';
import { ActionSet, BrowserPort, actionSetFor, executeAction } from './computer-use-actions';
import { Sleep, abortableSleep, retryingFetch } from '../retrying-fetch';
import type { DelegateActor, DelegateEventListener, DelegateResult } from './delegate-types';
import { DelegateCancelledError, DelegateConfigError, DelegateProviderError, errorMessage } from './errors';
import { guardedListener } from './delegate-listener';
import { linkedController } from './linked-signal';
import { toProviderError } from './provider-errors';

import type { GeminiSettings } from './provider-settings';
import { vscodeKeyAdvice } from '../security/api-keys';
export { type GeminiSettings, DEFAULT_GEMINI_SETTINGS } from './provider-settings';

/** Opens a browser, or resolves to undefined (with the reason) when none is available. */
export type BrowserLauncher = () => Promise<{ browser: BrowserPort } | { browser?: undefined; reason: string }>;

export interface GeminiBrowserOptions {
  settings: () => GeminiSettings;
  apiKey: () => Promise<string | undefined>;
  /** How to set the key, in the host's terms (default: the VS Code command). */
  howToSetKey?: () => string;
  launcher: BrowserLauncher;
  gate: SecurityGate;
  /** Asks the user about actions Gemini flags as needing confirmation. */
  approval: ApprovalPort;
  logger: LoggerPort;
  /** Waits between retries (tests record them instead of waiting). */
  sleep?: Sleep;
}

export interface BrowserRequest {
  task: string;
  actor: DelegateActor;
  signal?: AbortSignal;
  onEvent?: DelegateEventListener;
}

interface ActionOutcome {
  stop?: string;
  /** The user confirmed an action Gemini flagged; the response must acknowledge it. */
  acknowledged: boolean;
  error?: string;
}

interface SafetyDecision {
  decision?: string;
  explanation?: string;
}

export class GeminiBrowser {
  constructor(private readonly options: GeminiBrowserOptions) {}

  async run(request: BrowserRequest): Promise<DelegateResult & { mode: 'browser' | 'research' }> {
    const settings = this.options.settings();
    const signal = request.signal ?? new AbortController().signal;
    const emit = guardedListener(request.onEvent, this.options.logger, 'Gemini browser');
    const apiKey = await this.options.apiKey();
    if (!apiKey) throw new DelegateConfigError(`No Google Gemini API key is set: ${this.options.howToSetKey?.() ?? vscodeKeyAdvice('gemini')}.`);
    const fetchWithRetries = retryingFetch(settings.retry, this.options.sleep ?? abortableSleep, (n) =>
      emit({
        type: 'status',
        message: `Gemini answered ${n.status}; retrying in ${(n.waitMs / 1000).toFixed(1)} s${n.asked ? ' as it asked' : ''} (attempt ${n.attempt} of ${n.attempts}).`,
      }),
    );
    const ai = new GoogleGenAI({
      apiKey,
      apiVersion: settings.apiVersion,
      httpOptions: { ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}), fetch: fetchWithRetries },
    });
    const actions = actionSetFor(settings.computerUseModel);

    // The permission comes first: nothing is launched for a principal or expert that may not browse.
    const { actor } = request;
    const decision = await this.options.gate.enforce({
      principal: actor.principal,
      actingExpert: actor.expertId,
      operation: 'browser.action',
      resource: request.task.slice(0, 200),
      detail: `Gemini (${actor.expertId}) wants to drive a browser for: ${request.task.slice(0, 300)}`,
      details: { taskId: actor.taskId },
    });
    const launched = await this.options.launcher();
    if (!launched.browser) {
      emit({ type: 'status', message: `No browser available (${launched.reason}); answering in research mode without browsing.` });
      return { ...(await this.research(ai, settings, request, signal, emit)), mode: 'research' };
    }
    const browser = launched.browser;
    const result: DelegateResult = {
      success: false,
      summary: '',
      turns: 0,
      toolCalls: [],
      usage: { inputTokens: 0, outputTokens: 0 },
      changedFiles: [],
      denied: 0,
    };
    try {
      await browser.navigate(settings.startUrl);
      const first = await browser.screenshot();
      const contents: Content[] = [
        { role: 'user', parts: [{ text: request.task }, { inlineData: { mimeType: 'image/png', data: Buffer.from(first).toString('base64') } }] },
      ];
      let malformed = 0;
      for (let turn = 1; turn <= settings.maxTurns; turn++) {
        if (signal.aborted) throw new DelegateCancelledError('The Gemini browser task');
        result.turns = turn;
        emit({ type: 'turn', turn, maxTurns: settings.maxTurns });
        const response = await this.generate(ai, settings.computerUseModel, contents, true, signal);
        addUsage(result, response);
        const candidate = response.candidates?.[0];
        if (candidate?.finishReason === FinishReason.MALFORMED_FUNCTION_CALL && !candidate.content?.parts?.length && malformed < settings.malformedRetries) {
          malformed++;
          emit({
            type: 'status',
            message: `Gemini produced a malformed function call${candidate.finishMessage ? ` (${candidate.finishMessage.slice(0, 200)})` : ''}; asking again.`,
          });
          continue;
        }
        malformed = 0;
        if (!candidate?.content?.parts?.length) {
          throw new DelegateProviderError(
            `Gemini returned no answer (finish reason ${candidate?.finishReason ?? 'unknown'}${response.promptFeedback?.blockReason ? `, blocked: ${response.promptFeedback.blockReason}` : ''}).`,
            'Gemini',
            undefined,
            candidate?.finishReason ?? 'empty',
            false,
          );
        }
        contents.push(candidate.content);
        const said = candidate.content.parts
          .map((p) => p.text ?? '')
          .join('')
          .trim();
        if (said) emit({ type: 'text', delta: said });
        const calls = candidate.content.parts.map((p) => p.functionCall).filter((c): c is FunctionCall => !!c?.name);
        if (!calls.length) {
          result.success = true;
          result.summary = said || 'Gemini finished without a summary.';
          return { ...result, mode: 'browser' };
        }
        const answers: Part[] = [];
        for (const call of calls) {
          const outcome = await this.act(browser, call, actions, actor, decision.audit.seq, result, emit);
          if (outcome.stop) {
            result.summary = outcome.stop;
            return { ...result, mode: 'browser' };
          }
          answers.push(await this.answer(browser, call, outcome));
        }
        contents.push({ role: 'user', parts: answers });
        dropOldScreenshots(contents, settings.keepScreenshots);
      }
      result.summary = `Stopped after ${settings.maxTurns} turns (bigThree.gemini.maxTurns) before Gemini finished. Last page: ${browser.url()}`;
      emit({ type: 'error', message: result.summary });
      return { ...result, mode: 'browser' };
    } finally {
      await browser.close().catch((error) => this.options.logger.warn(`Could not close the browser: ${errorMessage(error)}`));
    }
  }

  /** Executes one call; `stop` says why the task ends when the user declined a flagged action. */
  private async act(
    browser: BrowserPort,
    call: FunctionCall,
    actions: ActionSet,
    actor: DelegateActor,
    authorizedBy: number,
    result: DelegateResult,
    emit: DelegateEventListener,
  ): Promise<ActionOutcome> {
    const name = call.name!;
    const { safety_decision: safety, ...args } = (call.args ?? {}) as Record<string, unknown> & { safety_decision?: SafetyDecision };
    const id = call.id ?? `${name}-${result.toolCalls.length + 1}`;
    emit({ type: 'tool_call', id, name, input: args });
    const audit = (outcome: 'success' | 'failure' | 'denied', message: string) =>
      this.options.gate.auditLog.record({
        type: outcome === 'denied' ? 'authorization_denied' : 'browser_action',
        user: actor.principal,
        operation: 'browser.action',
        outcome,
        message,
        details: { actingExpert: actor.expertId, taskId: actor.taskId, action: name, args: JSON.stringify(args).slice(0, 500), authorizedBy },
      });
    if (safety !== undefined && safety?.decision !== 'require_confirmation') {
      // A decision this client does not know cannot be honoured safely: refuse instead of acting.
      const what = typeof safety === 'object' && safety !== null ? String(safety.decision) : String(safety);
      result.denied++;
      result.toolCalls.push({ name, input: args, ok: false, denied: true, output: `unknown safety decision ${what}` });
      await audit('denied', `Refused a browser action with an unknown safety decision (${name}, "${what.slice(0, 100)}")`);
      emit({ type: 'tool_result', id, name, ok: false, denied: true, output: `Refused: unknown safety decision "${what}".` });
      return { acknowledged: false, stop: `Stopped: Gemini attached an unknown safety decision "${what}" to "${name}"; it was not executed.` };
    }
    if (safety?.decision === 'require_confirmation') {
      const explanation = safety.explanation ?? 'Gemini flagged this action as needing your confirmation.';
      const approved = await this.options.approval.requestApproval({
        action: `Gemini (${actor.expertId}) asks to confirm a browser action: ${name}`,
        detail: `${explanation}\nAction: ${name} ${JSON.stringify(args).slice(0, 300)}\nPage: ${browser.url()}`,
      });
      emit({ type: 'safety', action: name, explanation, approved });
      if (!approved) {
        result.denied++;
        result.toolCalls.push({ name, input: args, ok: false, denied: true, output: 'declined by the user' });
        await audit('denied', `The user declined a browser action Gemini flagged for confirmation (${name}): ${explanation.slice(0, 200)}`);
        emit({ type: 'tool_result', id, name, ok: false, denied: true, output: 'Declined by the user; the task stops here.' });
        return { acknowledged: false, stop: `Stopped: you declined "${name}" (${explanation}). Nothing further was done in the browser.` };
      }
    }
    const acknowledged = safety?.decision === 'require_confirmation';
    try {
      await executeAction(browser, name, args, actions);
      result.toolCalls.push({ name, input: args, ok: true, denied: false, output: browser.url() });
      await audit('success', `Browser ${name} on ${browser.url()}`);
      emit({ type: 'tool_result', id, name, ok: true, denied: false, output: browser.url() });
      return { acknowledged };
    } catch (error) {
      result.toolCalls.push({ name, input: args, ok: false, denied: false, output: errorMessage(error) });
      await audit('failure', `Browser ${name} failed: ${errorMessage(error).slice(0, 200)}`);
      emit({ type: 'tool_result', id, name, ok: false, denied: false, output: errorMessage(error) });
      return { acknowledged, error: errorMessage(error) };
    }
  }

  private async answer(browser: BrowserPort, call: FunctionCall, marks: ActionOutcome): Promise<Part> {
    const shot = await browser.screenshot();
    return {
      functionResponse: {
        name: call.name!,
        ...(call.id ? { id: call.id } : {}),
        response: { url: browser.url(), ...(marks.error ? { error: marks.error } : {}), ...(marks.acknowledged ? { safety_acknowledgement: 'true' } : {}) },
        parts: [{ inlineData: { mimeType: 'image/png', data: Buffer.from(shot).toString('base64') } }],
      },
    };
  }

  private async research(
    ai: GoogleGenAI,
    settings: GeminiSettings,
    request: BrowserRequest,
    signal: AbortSignal,
    emit: DelegateEventListener,
  ): Promise<DelegateResult> {
    const prompt = `You cannot open a browser right now. Answer this task from what you know, say clearly what would need checking in a browser, and keep it concise.\n\nTask: ${request.task}`;
    const response = await this.generate(ai, settings.model, [{ role: 'user', parts: [{ text: prompt }] }], false, signal);
    const text = (response.text ?? '').trim();
    if (!text)
      throw new DelegateProviderError(
        `Gemini returned no answer (finish reason ${response.candidates?.[0]?.finishReason ?? 'unknown'}).`,
        'Gemini',
        undefined,
        'empty',
        false,
      );
    emit({ type: 'text', delta: text });
    const result: DelegateResult = {
      success: true,
      summary: `(research mode, no browser) ${text}`,
      turns: 1,
      toolCalls: [],
      usage: { inputTokens: 0, outputTokens: 0 },
      changedFiles: [],
      denied: 0,
    };
    addUsage(result, response);
    return result;
  }

  private async generate(ai: GoogleGenAI, model: string, contents: Content[], computerUse: boolean, signal: AbortSignal): Promise<GenerateContentResponse> {
    const turn = linkedController(signal); // one per request: listeners never pile up on the task's signal
    try {
      return await ai.models.generateContent({
        model,
        contents,
        config: { abortSignal: turn.signal, ...(computerUse ? { tools: [{ computerUse: { environment: Environment.ENVIRONMENT_BROWSER } }] } : {}) },
      });
    } catch (error) {
      throw toProviderError('Gemini', error, signal, 'The Gemini browser task');
    } finally {
      turn.dispose();
    }
  }
}

function addUsage(result: DelegateResult, response: GenerateContentResponse): void {
  result.usage.inputTokens += response.usageMetadata?.promptTokenCount ?? 0;
  result.usage.outputTokens += response.usageMetadata?.candidatesTokenCount ?? 0;
}

/** Keeps the screenshots of the last `keep` turns; older function responses keep their text only. */
function dropOldScreenshots(contents: Content[], keep: number): void {
  let seen = 0;
  for (let i = contents.length - 1; i >= 0; i--) {
    const parts = contents[i]!.parts ?? [];
    if (contents[i]!.role !== 'user' || !parts.some((p) => p.functionResponse)) continue;
    if (++seen <= keep) continue;
    for (const part of parts) if (part.functionResponse?.parts) delete part.functionResponse.parts;
  }
}
