/**
 * Beta draws from a uniform source, for Thompson sampling. Beta(α, β) is X / (X + Y) with
 * X ~ Gamma(α) and Y ~ Gamma(β); Gamma comes from Marsaglia and Tsang's squeeze method ("A simple
 * method for generating gamma variables", ACM TOMS 26(3), 2000), its normal draws from Box–Muller.
 * Everything takes the Random port so tests and the simulator can seed it.
 */
import type { Random } from '../core/ports.js';

/** One standard normal draw (Box–Muller; the second value of the pair is dropped to stay stateless). */
export function sampleStandardNormal(random: Random): number {
  // 1 - next() lies in (0, 1], so the logarithm is finite.
  const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
  return radius * Math.cos(2 * Math.PI * random.next());
}

/**
 * One Gamma(shape, 1) draw. Shapes below 1 are refused: the pool only ever asks for 1 + a count.
 *
 * @example
 * sampleGamma({ shape: 2.5, random: createSeededRandom(1) }); // mean 2.5, variance 2.5
 */
export function sampleGamma({ shape, random }: { shape: number; random: Random }): number {
  if (!(shape >= 1)) throw new RangeError(`Gamma shape must be at least 1, got ${shape}`);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let normal: number;
    let cubeRoot: number;
    do {
      normal = sampleStandardNormal(random);
      cubeRoot = 1 + c * normal;
    } while (cubeRoot <= 0);
    // Products, not `**`: V8 computes a power through its general pow routine, about 250 instructions
    // (Thompson sampling draws two gammas per candidate account on every request).
    const volume = cubeRoot * cubeRoot * cubeRoot;
    const squared = normal * normal;
    const uniform = 1 - random.next();
    // The squeeze accepts about 98% of draws without a logarithm; the exact test catches the rest.
    if (uniform < 1 - 0.0331 * squared * squared) return d * volume;
    if (Math.log(uniform) < 0.5 * squared + d * (1 - volume + Math.log(volume))) return d * volume;
  }
}

/**
 * One Beta(alpha, beta) draw in (0, 1), for alpha and beta of at least 1.
 *
 * @example
 * sampleBeta({ alpha: 1 + successes, beta: 1 + failures, random });
 */
export function sampleBeta({ alpha, beta, random }: { alpha: number; beta: number; random: Random }): number {
  const x = sampleGamma({ shape: alpha, random });
  const y = sampleGamma({ shape: beta, random });
  return x / (x + y);
}
