// How much a file's kind is worth to code search before any query: implementation 1, tests, fixtures,
// docs, type declarations, locales, examples and generated files less, so that a question about code
// finds the implementation first while those files still come up when nothing else matches. The list
// is configurable (bigThree.rag.pathPriors / RagServiceOptions.pathPriors): the first rule whose
// pattern matches the relative path gives the weight.

export interface PathPriorRule {
  /** Regular expression source, matched against the path relative to the workspace folder (with /). */
  pattern: string;
  /** Multiplier in (0, 1]; 1 is implementation. */
  weight: number;
  /** What the rule is for (shown with the search signals). */
  label: string;
}

export const DEFAULT_PATH_PRIORS: readonly PathPriorRule[] = [
  { label: 'generated', pattern: String.raw`(^|/)(dist|out|build|generated|__generated__|vendor|third_party)/|\.min\.[cm]?js$|\.(map|lock)$|(^|/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$|\.generated\.`, weight: 0.3 },
  { label: 'test', pattern: String.raw`(^|/)(tests?|__tests__|spec|specs|e2e|integration)/|[._-](test|spec)\.[cm]?[jt]sx?$|_test\.(go|py|rb)$|(^|/)test_[^/]*\.py$|(^|/)conftest\.py$`, weight: 0.45 },
  { label: 'fixture', pattern: String.raw`(^|/)(fixtures?|__fixtures__|__mocks__|testdata|snapshots?|__snapshots__)/`, weight: 0.4 },
  { label: 'benchmark', pattern: String.raw`(^|/)(bench|benchmarks?|perf)/|\.bench\.[cm]?[jt]s$`, weight: 0.55 },
  { label: 'example', pattern: String.raw`(^|/)(examples?|samples?|demo|demos)/`, weight: 0.6 },
  { label: 'type declarations', pattern: String.raw`\.d\.[cm]?ts$`, weight: 0.6 },
  { label: 'docs', pattern: String.raw`\.(md|mdx|markdown|rst|txt)$|(^|/)docs?/`, weight: 0.6 },
  { label: 'locale', pattern: String.raw`(^|/)(locales?|i18n|l10n|translations?|lang)/`, weight: 0.8 },
  { label: 'config', pattern: String.raw`\.(json|ya?ml|toml|ini)$|(^|/)\.[^/]+rc(\.[a-z]+)?$|(^|/)[^/]*\.config\.[cm]?[jt]s$`, weight: 0.7 },
];

export class PathPrior {
  private readonly rules: Array<{ re: RegExp; weight: number; label: string }>;
  private readonly cache = new Map<string, { weight: number; label: string }>();

  constructor(rules: readonly PathPriorRule[] = DEFAULT_PATH_PRIORS) {
    this.rules = rules.map((r) => {
      if (!(r.weight > 0 && r.weight <= 1)) throw new RangeError(`path prior "${r.label}" must have a weight in (0, 1], got ${r.weight}`);
      return { re: new RegExp(r.pattern, 'i'), weight: r.weight, label: r.label };
    });
  }

  /** The weight of a path and the rule that gave it ('implementation' when none matched). */
  of(relPath: string): { weight: number; label: string } {
    let hit = this.cache.get(relPath);
    if (!hit) {
      const rule = this.rules.find((r) => r.re.test(relPath));
      hit = rule ? { weight: rule.weight, label: rule.label } : { weight: 1, label: 'implementation' };
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(relPath, hit);
    }
    return hit;
  }
}
