/**
 * Batch iterations a replica finished, as one of its events saw them: a single iteration, or a run
 * of pure-decode iterations advanced by one event (DecodeRun). Emitted only while someone listens
 * (the trace), so the hot path pays one check per event otherwise. Read it synchronously: the
 * arrays belong to the replica and change after the emit returns.
 */
export interface ReplicaIterations {
  /** Lease id of the replica (unique in the run). */
  readonly leaseId: number;
  /** Start of the first iteration, simulated seconds. */
  readonly startS: number;
  /** End of iteration j (j < count); iteration j > 0 starts at endS[j - 1]. */
  readonly endS: ArrayLike<number>;
  /** Iterations in this record. */
  readonly count: number;
  /** Sequences in the batch (the same for every iteration of a run). */
  readonly batch: number;
  /** Prompt tokens each iteration prefilled (0 in a decode run). */
  readonly prefillTokens: number;
  /** Tokens each iteration decoded. */
  readonly decodeTokens: number;
}
