// Warms the expert selection up once the workbench has settled, so the first Select Expert for Task
// answers at once: the ranking's index is built in steps of a few milliseconds (building it in one go
// held the extension host for ~150–250 ms), then one ranking loads the chooser's model and history.
import type { ExpertChooser } from '../../orchestrator/learning/expert-chooser';
import { TimeSlicer } from '../../orchestrator/time-slice';

/** Any task: the ranking itself is thrown away. */
const WARM_UP_TASK = 'warm up the expert selection';

export async function warmUpSelection(chooser: ExpertChooser): Promise<void> {
  const slicer = new TimeSlicer();
  await chooser.ranker.prepare(() => slicer.tick());
  await chooser.rank(WARM_UP_TASK);
}
