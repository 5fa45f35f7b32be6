// How much a file's kind is worth to code search before any query: implementation 1, tests, fixtures,
// docs, type declarations, locales, examples and generated files less, so that a question about code
// finds the implementation first while those files still come up when nothing else matches. The list
// is configurable (bigThree.rag.pathPriors / RagServiceOptions.pathPriors): the first rule whose
// pattern matches the relative path gives the weight.

import { familyOf, languageOf } from './languages';

export interface PathPriorRule {
  /** Regular expression source, matched against the path relative to the workspace folder (with /). */
  pattern: string;
  /** Multiplier in (0, 1]; 1 is implementation. */
  weight: number;
  /** What the rule is for (shown with the search signals). */
  label: string;
  /** Regular expression source over the question: when it matches, the question asks for this kind and the rule does not apply. */
  askedBy?: string;
}

export const DEFAULT_PATH_PRIORS: readonly PathPriorRule[] = [
  {
    label: 'generated',
    // Protocol-buffer and gRPC stubs (Go's .pb.go, Python's _pb2.py), Kubernetes' zz_generated files and swag's docs/docs.go too.
    pattern: String.raw`(^|/)(dist|out|build|generated|__generated__|vendor|third_party)/|\.min\.[cm]?js$|\.(map|lock)$|(^|/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$|\.generated\.|\.pb(\.gw)?\.go$|_pb2(_grpc)?\.pyi?$|(^|/)zz_generated[^/]*\.go$|(^|/)docs/docs\.go$`,
    weight: 0.3,
  },
  {
    label: 'test',
    pattern: String.raw`(^|/)(tests?|__tests__|spec|specs|e2e|integration)/|[._-](test|spec)\.[cm]?[jt]sx?$|_test\.(go|py|rb)$|(^|/)test_[^/]*\.py$|(^|/)conftest\.py$`,
    weight: 0.45,
    askedBy: String.raw`\b(tests?|testing|specs?|unit tests?|test suite|asserts?)\b`,
  },
  {
    label: 'fixture',
    // Go's mock packages and generated mocks (mocks/, mock_x.go, x_mock.go) count as test doubles.
    pattern: String.raw`(^|/)(fixtures?|__fixtures__|__mocks__|mocks|testdata|snapshots?|__snapshots__)/|(^|/)mock_[^/]*\.go$|_mocks?\.go$`,
    weight: 0.4,
    askedBy: String.raw`\b(fixtures?|mocks?|snapshots?|test data)\b`,
  },
  {
    label: 'benchmark',
    pattern: String.raw`(^|/)(bench|benchmarks?|perf)/|\.bench\.[cm]?[jt]s$`,
    weight: 0.55,
    askedBy: String.raw`\b(bench(mark)?s?|perf(ormance)? tests?)\b`,
  },
  { label: 'example', pattern: String.raw`(^|/)_?(examples?|samples?|demo|demos)/`, weight: 0.6, askedBy: String.raw`\b(examples?|samples?|demos?)\b` },
  {
    label: 'type declarations',
    pattern: String.raw`\.d\.[cm]?ts$`,
    weight: 0.6,
    askedBy: String.raw`\b(typescript|types?|typings?|interfaces?|declarations?|declared|generics?|overloads?)\b`,
  },
  {
    label: 'docs',
    // Go keeps a package's documentation in doc.go (a comment and a package clause, no code), while a Go
    // package named doc (doc/*.go, e.g. a man-page generator) is code.
    pattern: String.raw`\.(md|mdx|markdown|rst|txt)$|(^|/)docs?/(?!.*\.go$)|(^|/)doc\.go$`,
    weight: 0.6,
    askedBy: String.raw`\b(docs?|documentation|documented|readme|guides?|tutorials?|markdown)\b`,
  },
  {
    label: 'locale',
    pattern: String.raw`(^|/)(locales?|i18n|l10n|translations?|lang)/`,
    weight: 0.8,
    askedBy: String.raw`\b(locales?|translat\w*|languages?|i18n|l10n|english|german|french|spanish|japanese|chinese|localized)\b`,
  },
  {
    label: 'config',
    pattern: String.raw`\.(json|ya?ml|toml|ini)$|(^|/)\.[^/]+rc(\.[a-z]+)?$|(^|/)[^/]*\.config\.[cm]?[jt]s$`,
    weight: 0.7,
    askedBy: String.raw`\b(config(uration)? files?|json|yaml|toml|package\.json|manifest|rc files?)\b`,
  },
];

export class PathPrior {
  private readonly rules: Array<{ re: RegExp; weight: number; label: string; askedBy?: RegExp }>;
  private readonly cache = new Map<string, { weight: number; label: string }>();

  constructor(rules: readonly PathPriorRule[] = DEFAULT_PATH_PRIORS) {
    this.rules = rules.map((r) => {
      if (!(r.weight > 0 && r.weight <= 1)) throw new RangeError(`path prior "${r.label}" must have a weight in (0, 1], got ${r.weight}`);
      return { re: new RegExp(r.pattern, 'i'), weight: r.weight, label: r.label, ...(r.askedBy ? { askedBy: new RegExp(r.askedBy, 'i') } : {}) };
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

  /**
   * The prior for one question: kinds the question asks for ("the TypeScript types", "the tests") count fully.
   * `builtOnly` (see mostlyBuiltCode): the workspace's code is built output, so built code files count as the
   * implementation (minified files and source maps still do not).
   */
  forQuery(query: string, builtOnly = false): (relPath: string) => { weight: number; label: string } {
    const asked = new Set(this.rules.filter((r) => r.askedBy?.test(query)).map((r) => r.label));
    if (builtOnly) asked.add(BUILT_CODE_LABEL);
    if (!asked.size) return (p) => this.of(p);
    return (p) => {
      const hit = this.of(p);
      if (hit.label === BUILT_CODE_LABEL && builtOnly && !isReadableBuiltCode(p)) return hit;
      return asked.has(hit.label) ? { weight: 1, label: hit.label } : hit;
    };
  }

  /**
   * Whether the indexed code is essentially built output (a package that ships dist/ and, say, a small bin/
   * script): at least BUILT_CODE_SHARE of the code files' chunks are readable built code. Then nothing else
   * answers for the implementation, and lowering it would rank its typings and README above every answer.
   * A source tree beside its builds stays below the share (handlebars' lib/ is 12 % of its code beside
   * five built copies in dist/).
   */
  mostlyBuiltCode(files: Iterable<readonly [path: string, chunks: number]>): boolean {
    let built = 0;
    let code = 0;
    for (const [p, chunks] of files) {
      if (!isReadableCode(p)) continue;
      const label = this.of(p).label;
      if (label === 'implementation') code += chunks;
      else if (label === BUILT_CODE_LABEL && isReadableBuiltCode(p)) {
        built += chunks;
        code += chunks;
      }
    }
    return built > 0 && built >= BUILT_CODE_SHARE * code;
  }
}

/** Share of the code's chunks in built output from which it is taken as the implementation (mostlyBuiltCode). */
export const BUILT_CODE_SHARE = 0.95;
/** The default rule that lowers built output (dist/, build/, minified files). */
const BUILT_CODE_LABEL = 'generated';
/** A file of a programming language the chunker reads as code (not prose, markup or data; not typings). */
const isReadableCode = (p: string) => {
  const family = familyOf(languageOf(p));
  return family !== 'text' && family !== 'markdown' && !/\.d\.[cm]?ts$/i.test(p);
};
/** Build output proper (not vendored or generated sources, which the same rule lowers), neither minified nor a stub. */
const isReadableBuiltCode = (p: string) =>
  /(^|\/)(dist|build|out)\//i.test(p) && isReadableCode(p) && !/\.min\.[cm]?js$|\.pb(\.gw)?\.go$|_pb2(_grpc)?\.py$/i.test(p);
