// Draws a workflow plan as an SVG: one column per step of the order the tasks can run in, an arrow per
// dependency, the critical path (the chain of tasks that decides the duration) in orange. Pure: no vscode.
import type { PlannedTask, WorkflowPlan } from '../../orchestrator/workflow/plan-types';
import { planTasks } from '../../orchestrator/workflow/plan-types';

export interface PlanLayout {
  /** Task ids per column, left to right. */
  columns: string[][];
  /** Arrows [from, to]: `to` waits for `from` (given dependencies, and the order of sequential plans). */
  edges: Array<[string, string]>;
  /** Task ids of the longest chain by estimated duration, first to last. */
  criticalPath: string[];
}

const BOX_W = 210;
const BOX_H = 58;
const GAP_X = 56;
const GAP_Y = 18;
const PAD = 20;
const CRITICAL = '#e8590c';
const NORMAL = '#64748b';

/** What waits for what: the given dependencies, plus one task after another in sequential plans. */
export function planEdges(plan: WorkflowPlan): Array<[string, string]> {
  const tasks = planTasks(plan);
  const edges = new Map<string, [string, string]>();
  for (const t of tasks) for (const d of t.dependencies) edges.set(`${d}\u0000${t.id}`, [d, t.id]);
  if (plan.strategy === 'sequential') {
    for (let i = 1; i < tasks.length; i++) edges.set(`${tasks[i - 1]!.id}\u0000${tasks[i]!.id}`, [tasks[i - 1]!.id, tasks[i]!.id]);
  }
  return [...edges.values()];
}

export function layoutPlan(plan: WorkflowPlan): PlanLayout {
  const tasks = planTasks(plan);
  const edges = planEdges(plan);
  const before = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const [from, to] of edges) before.get(to)?.push(from);
  // Tasks come in a dependency-respecting order (stages, then order within a stage), so one pass suffices.
  const column = new Map<string, number>();
  const finish = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  for (const t of tasks) {
    let col = 0;
    let start = 0;
    let previous: string | undefined;
    for (const d of before.get(t.id)!) {
      col = Math.max(col, (column.get(d) ?? 0) + 1);
      const f = finish.get(d) ?? 0;
      if (previous === undefined || f > start) {
        start = f;
        previous = d;
      }
    }
    column.set(t.id, col);
    finish.set(t.id, start + t.estimatedDuration);
    via.set(t.id, previous);
  }
  const columns: string[][] = [];
  for (const t of tasks) (columns[column.get(t.id)!] ??= []).push(t.id);
  let last: string | undefined;
  for (const t of tasks) if (last === undefined || finish.get(t.id)! > finish.get(last)!) last = t.id;
  const criticalPath: string[] = [];
  for (let id = last; id !== undefined; id = via.get(id)) criticalPath.unshift(id);
  return { columns, edges, criticalPath };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function planDiagramSvg(plan: WorkflowPlan, layout: PlanLayout = layoutPlan(plan)): string {
  const byId = new Map<string, PlannedTask>(planTasks(plan).map((t) => [t.id, t]));
  const onPath = new Set(layout.criticalPath);
  const pathEdges = new Set(layout.criticalPath.slice(1).map((id, i) => `${layout.criticalPath[i]}\u0000${id}`));
  const rows = Math.max(1, ...layout.columns.map((c) => c.length));
  const width = PAD * 2 + layout.columns.length * BOX_W + Math.max(0, layout.columns.length - 1) * GAP_X;
  const height = PAD * 2 + rows * BOX_H + (rows - 1) * GAP_Y + 22;
  const at = new Map<string, { x: number; y: number }>();
  layout.columns.forEach((ids, c) => {
    const offset = ((rows - ids.length) * (BOX_H + GAP_Y)) / 2;
    ids.forEach((id, r) => at.set(id, { x: PAD + c * (BOX_W + GAP_X), y: PAD + offset + r * (BOX_H + GAP_Y) }));
  });
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<defs>${[
      ['n', NORMAL],
      ['c', CRITICAL],
    ]
      .map(
        ([id, color]) =>
          `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="${color}"/></marker>`,
      )
      .join('')}</defs>`,
    `<rect width="${width}" height="${height}" rx="8" fill="#f8fafc"/>`,
  ];
  for (const [from, to] of layout.edges) {
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b) continue;
    const critical = pathEdges.has(`${from}\u0000${to}`);
    const x1 = a.x + BOX_W;
    const y1 = a.y + BOX_H / 2;
    const x2 = b.x;
    const y2 = b.y + BOX_H / 2;
    const bend = Math.max(24, (x2 - x1) / 2);
    parts.push(
      `<path d="M${x1} ${y1}C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}" fill="none" stroke="${critical ? CRITICAL : NORMAL}" stroke-width="${critical ? 2.5 : 1.5}" marker-end="url(#${critical ? 'c' : 'n'})"/>`,
    );
  }
  for (const [id, { x, y }] of at) {
    const task = byId.get(id)!;
    const critical = onPath.has(id);
    parts.push(
      `<g><title>${escapeXml(`${task.id}: ${task.description} (${task.agentId}, ~${Math.round(task.estimatedDuration)}s)`)}</title>`,
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="#ffffff" stroke="${critical ? CRITICAL : NORMAL}" stroke-width="${critical ? 2.5 : 1.2}"/>`,
      `<text x="${x + 10}" y="${y + 19}" font-size="13" font-weight="600" fill="#0f172a">${escapeXml(clip(task.id, 18))}<tspan font-weight="400" fill="#475569"> · ~${Math.round(task.estimatedDuration)}s</tspan></text>`,
      `<text x="${x + 10}" y="${y + 35}" font-size="11.5" fill="#1e293b">${escapeXml(clip(task.description, 32))}</text>`,
      `<text x="${x + 10}" y="${y + 50}" font-size="11" fill="#2563eb">${escapeXml(clip(task.agentId, 30))}</text></g>`,
    );
  }
  parts.push(
    `<text x="${PAD}" y="${height - 10}" font-size="11" fill="${CRITICAL}">━ critical path: ${escapeXml(clip(layout.criticalPath.join(' → '), 120))}</text>`,
    '</svg>',
  );
  return parts.join('');
}
