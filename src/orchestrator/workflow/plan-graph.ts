// Dependency graph checks and orderings: unknown dependencies and cycles are rejected with the task
// ids named; a stable topological order, dependency levels and the critical path are derived.
import { DependencyCycleError, PlanValidationError, UnknownDependencyError } from './workflow-errors';

/** A task of a plan as the graph sees it (a PlannedTask is one). */
export interface GraphNode {
  id: string;
  dependencies: readonly string[];
  estimatedDuration: number;
}

export interface GraphAnalysis {
  /** Positions of the nodes in a topological order that keeps the given order wherever the dependencies allow. */
  order: number[];
  /** Level of each node, by position: 0 without dependencies, otherwise 1 + the highest level among them. */
  levels: Int32Array;
  /** Longest sum of durations along any dependency chain. */
  criticalPath: number;
}

export function analyzeGraph(nodes: readonly GraphNode[]): GraphAnalysis {
  const position = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (position.has(n.id)) throw new PlanValidationError(`Two tasks have the id "${n.id}"; task ids must be unique.`, [n.id]);
    position.set(n.id, i);
  });
  const missing: Array<{ task: string; dependency: string }> = [];
  for (const n of nodes) for (const d of n.dependencies) if (!position.has(d)) missing.push({ task: n.id, dependency: d });
  if (missing.length)
    throw new UnknownDependencyError(
      missing,
      nodes.map((n) => n.id),
    );

  // Each node's distinct dependencies as positions, worked out once, in flat arrays (no object per node):
  // node i requires requiresFlat[requireStart[i] .. requireStart[i + 1]).
  const requireStart = new Int32Array(nodes.length + 1);
  const requiresFlat: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const deps = nodes[i]!.dependencies;
    const from = requiresFlat.length;
    // A task lists a few dependencies: a scan of its own finds a repeat; a long list uses a Set.
    const seen = deps.length > 16 ? new Set<number>() : undefined;
    for (const d of deps) {
      const p = position.get(d)!;
      if (seen ? seen.has(p) : includesFrom(requiresFlat, from, p)) continue;
      seen?.add(p);
      requiresFlat.push(p);
    }
    requireStart[i + 1] = requiresFlat.length;
  }
  // Kahn's algorithm; the ready set is kept sorted by original position, so the order is stable.
  const indegree = new Int32Array(nodes.length);
  const dependentStart = new Int32Array(nodes.length + 1);
  for (let i = 0; i < nodes.length; i++) indegree[i] = requireStart[i + 1]! - requireStart[i]!;
  for (const p of requiresFlat) dependentStart[p + 1]!++;
  for (let i = 0; i < nodes.length; i++) dependentStart[i + 1]! += dependentStart[i]!;
  const dependents = new Int32Array(requiresFlat.length);
  const fill = dependentStart.slice(0, nodes.length);
  for (let i = 0; i < nodes.length; i++) for (let k = requireStart[i]!; k < requireStart[i + 1]!; k++) dependents[fill[requiresFlat[k]!]!++] = i;
  const ready = new MinHeap();
  for (let i = 0; i < nodes.length; i++) if (indegree[i] === 0) ready.push(i);
  const order: number[] = [];
  while (ready.size) {
    const i = ready.pop();
    order.push(i);
    for (let k = dependentStart[i]!; k < dependentStart[i + 1]!; k++) {
      const j = dependents[k]!;
      if (--indegree[j]! === 0) ready.push(j);
    }
  }
  if (order.length < nodes.length) throw new DependencyCycleError(findCycle(nodes, position, new Set(order)));

  const levels = new Int32Array(nodes.length);
  const finish = new Float64Array(nodes.length);
  let criticalPath = 0;
  for (const i of order) {
    let lvl = 0;
    let start = 0;
    for (let k = requireStart[i]!; k < requireStart[i + 1]!; k++) {
      const p = requiresFlat[k]!;
      lvl = Math.max(lvl, levels[p]! + 1);
      start = Math.max(start, finish[p]!);
    }
    levels[i] = lvl;
    finish[i] = start + nodes[i]!.estimatedDuration;
    criticalPath = Math.max(criticalPath, finish[i]!);
  }
  return { order, levels, criticalPath };
}

/** Whether `list[from..]` holds `value`. */
function includesFrom(list: readonly number[], from: number, value: number): boolean {
  for (let k = from; k < list.length; k++) if (list[k] === value) return true;
  return false;
}

/** One cycle among the nodes Kahn's algorithm could not order, as ids "a → b → … → a" (→: depends on). */
function findCycle(nodes: readonly GraphNode[], position: Map<string, number>, ordered: Set<number>): string[] {
  const state = new Map<number, 'active' | 'done'>();
  for (let start = 0; start < nodes.length; start++) {
    if (ordered.has(start) || state.has(start)) continue;
    const path: number[] = [start];
    const cursor: number[] = [0];
    state.set(start, 'active');
    while (path.length) {
      const top = path[path.length - 1]!;
      const deps = nodes[top]!.dependencies;
      const k = cursor[cursor.length - 1]!;
      if (k >= deps.length) {
        state.set(top, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = k + 1;
      const next = position.get(deps[k]!)!;
      if (ordered.has(next) || state.get(next) === 'done') continue;
      if (state.get(next) === 'active') {
        const cycle = path.slice(path.indexOf(next)).map((i) => nodes[i]!.id);
        return [...cycle, nodes[next]!.id];
      }
      state.set(next, 'active');
      path.push(next);
      cursor.push(0);
    }
  }
  return nodes.filter((_, i) => !ordered.has(i)).map((n) => n.id); // unreachable: Kahn left these
}

class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
