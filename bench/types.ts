/** One benchmark's result, printed as one JSON line by `bench/run.ts`. */
export interface BenchResult {
  /** Benchmark name (matches `Benchmark.name`). */
  readonly name: string;
  /** Events (or operations) processed in the timed section. */
  readonly events: number;
  /** Wall-clock seconds of the timed section. */
  readonly wallS: number;
  /** Throughput: events / wallS. */
  readonly eventsPerS: number;
  /** Further numeric figures (pending events, heap sizes, ...). */
  readonly [figure: string]: string | number;
}

/** A benchmark module's default shape: a name and a synchronous run. */
export interface Benchmark {
  /** Short unique name, also accepted as a filter on the command line. */
  readonly name: string;
  /** Run the benchmark once and report its figures (async where the run path loads policies). */
  run(): BenchResult | Promise<BenchResult>;
}
