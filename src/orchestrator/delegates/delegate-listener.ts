import type { LoggerPort } from '../ports';
import type { DelegateEventListener } from './delegate-types';

/** Wraps a caller's event listener so that a throwing listener is logged and never stops the delegate. */
export function guardedListener(listener: DelegateEventListener | undefined, logger: LoggerPort, delegateName: string): DelegateEventListener {
  return (event) => {
    try {
      listener?.(event);
    } catch (error) {
      logger.warn(`A listener of the ${delegateName} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
