// Cooperative time slicing for long loops on the host's main thread (loading or saving a large index,
// building the expert selection's index): call `tick()` often; it yields to the event loop once the
// current slice has run for `budgetMs`, so the editor stays responsive and other work (search, UI
// messages) runs in between.

/** Lets every pending event (I/O, timers, messages) run before continuing. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TimeSlicer {
  private sliceStart = performance.now();
  /** How many times the loop gave way (tests check that a big load did yield). */
  yields = 0;

  constructor(private readonly budgetMs = 8) {}

  async tick(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await yieldToEventLoop();
    this.yields++;
    this.sliceStart = performance.now();
  }
}
