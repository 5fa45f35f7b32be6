// Dependency graph checks and orderings: unknown dependencies and cycles are rejected with the task
// ids named; a stable topological order, dependency levels and the critical path are derived.
import { DependencyCycleError, PlanValidationError, UnknownDependencyError } from './workflow-errors';

export interface GraphNode {
  id: string;
  dependencies: readonly string[];
  duration: number;
}

export interface GraphAnalysis {
  /** Ids in a topological order that keeps the given order wherever the dependencies allow. */
  order: string[];
  /** Level of each id: 0 without dependencies, otherwise 1 + the highest level among them. */
  level: Map<string, number>;
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

  // Each node's distinct dependencies as positions, worked out once.
  const requires: number[][] = nodes.map((n) => [...new Set(n.dependencies.map((d) => position.get(d)!))]);
  // Kahn's algorithm; the ready set is kept sorted by original position, so the order is stable.
  const indegree = requires.map((list) => list.length);
  const dependents: number[][] = nodes.map(() => []);
  requires.forEach((list, i) => list.forEach((p) => dependents[p]!.push(i)));
  const ready = new MinHeap();
  indegree.forEach((deg, i) => deg === 0 && ready.push(i));
  const order: number[] = [];
  while (ready.size) {
    const i = ready.pop();
    order.push(i);
    for (const j of dependents[i]!) if (--indegree[j]! === 0) ready.push(j);
  }
  if (order.length < nodes.length) throw new DependencyCycleError(findCycle(nodes, position, new Set(order)));

  const levels = new Int32Array(nodes.length);
  const finish = new Float64Array(nodes.length);
  let criticalPath = 0;
  for (const i of order) {
    let lvl = 0;
    let start = 0;
    for (const p of requires[i]!) {
      lvl = Math.max(lvl, levels[p]! + 1);
      start = Math.max(start, finish[p]!);
    }
    levels[i] = lvl;
    finish[i] = start + nodes[i]!.duration;
    criticalPath = Math.max(criticalPath, finish[i]!);
  }
  const level = new Map<string, number>(nodes.map((n, i) => [n.id, levels[i]!]));
  return { order: order.map((i) => nodes[i]!.id), level, criticalPath };
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
