import seedrandom from "seedrandom";

/** A stream of uniform random numbers in [0, 1). */
export interface RandomStream {
  /** Next uniform number in [0, 1). */
  next(): number;
}

/**
 * Named random streams, each seeded from (scenario seed, stream name), so adding or consuming
 * one stream never changes the numbers another stream produces.
 */
export class RngStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number) {}

  /** The stream called `name`, created on first use. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      // alea: fast, good quality, and seedrandom-reproducible across platforms.
      const prng = seedrandom.alea(`gpufleet:${this.seed}:${name}`);
      s = { next: () => prng() };
      this.streams.set(name, s);
    }
    return s;
  }
}
