// Sound estimates from few observations: Wilson lower bounds, Beta posteriors and a seeded sampler.

/** z for a one-sided 90% bound. */
export const Z_90 = 1.2816;

/**
 * Wilson score lower bound of a success rate from (possibly fractional, weighted) counts. With no
 * evidence it is 0: a single success is not "100% confidence".
 */
export function wilsonLowerBound(successes: number, failures: number, z = Z_90): number {
  const n = successes + failures;
  if (n <= 0) return 0;
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n);
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

/** Posterior mean of a Beta(alpha, beta). */
export function betaMean(alpha: number, beta: number): number {
  return alpha / (alpha + beta);
}

export { seededRandom } from '../seeded-random';

function standardNormal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 use the boost x·U^(1/shape). */
export function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(random() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(alpha: number, beta: number, random: () => number): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}
