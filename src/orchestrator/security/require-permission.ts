// Puts a core method behind the gate: as a decorator on classes that hold a `gate`, or as a wrapper
// around any async function. The operation runs only after the gate allowed (and audited) it; if it
// then fails, the failure is audited too.
import type { GateRequest, SecurityGate } from './security-gate';

export type RequestOf<Args extends unknown[]> = (...args: Args) => Omit<GateRequest, 'operation'>;

/** Wraps `body` so that every call first passes `gate` for `operation`. */
export function withPermission<Args extends unknown[], R>(
  gate: SecurityGate,
  operation: string,
  toRequest: RequestOf<Args>,
  body: (...args: Args) => Promise<R>,
): (...args: Args) => Promise<R> {
  return async (...args: Args): Promise<R> => {
    const decision = await gate.enforce({ ...toRequest(...args), operation });
    try {
      return await body(...args);
    } catch (error) {
      await gate.recordFailure(decision, error);
      throw error;
    }
  };
}

/** Method decorator: `@requirePermission('agent.acquire', (principal, id) => ({ principal, resource: id }))`. */
export function requirePermission<This extends { readonly gate: SecurityGate }, Args extends unknown[], R>(operation: string, toRequest: RequestOf<Args>) {
  return (method: (this: This, ...args: Args) => Promise<R>, _context: ClassMethodDecoratorContext<This>) =>
    async function (this: This, ...args: Args): Promise<R> {
      return withPermission(this.gate, operation, toRequest, (...a: Args) => method.apply(this, a))(...args);
    };
}
