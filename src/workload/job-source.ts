import type { JobRequest } from "./job-generator.js";

/** Where a workload's jobs come from: a generator (arrival process + distributions) or a trace. */
export interface JobSource {
  /** Workload name. */
  readonly name: string;
  /** True while another arrival remains. */
  readonly hasMore: boolean;
  /** Time of the first arrival in seconds (+Infinity when there is none). */
  firstArrivalS(): number;
  /** Time of the arrival after one at `previousS`. */
  nextArrivalS(previousS: number): number;
  /** The job arriving now (call once per arrival, in order). */
  next(): JobRequest;
}
