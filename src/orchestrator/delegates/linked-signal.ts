// A short-lived AbortController that aborts with a long-lived parent signal; dispose() unlinks it.

export function linkedController(parent: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener('abort', abort) };
}
