import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "../../../src/messages.js";
import { OpenbReplaySource, type TraceReplaySpec } from "../../../src/workload/traces/openb-source.js";
import { haveOpenb, openbDir, openbSkipNote, samplePods } from "./openb-trace-dir.js";

const spec = (path: string, extra: Partial<TraceReplaySpec> = {}): TraceReplaySpec => ({
  name: "openb",
  trace: { path, format: "openb", lenient: false },
  startS: 0,
  timeScale: 1,
  estimate: "exact",
  tenant: "default",
  priority: 0,
  ...extra,
});

function drain(source: OpenbReplaySource) {
  const out: { arrivalS: number; durationS: number; gpus: number; gpuMilli: number; singleNode: boolean }[] = [];
  let t = source.firstArrivalS();
  while (source.hasMore) {
    const job = source.next();
    out.push({ arrivalS: t, durationS: job.durationS, gpus: job.gpus, gpuMilli: job.gpuMilli, singleNode: job.singleNode });
    t = source.nextArrivalS(t);
  }
  return out;
}

describe("openb time replay (JobSource)", () => {
  it("arrivals are creation times relative to the first, run times deletion - scheduled (or - creation)", () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    const file = join(dir, "pods.csv");
    writeFileSync(
      file,
      "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n" +
        "b,1000,1,1,500,,LS,Running,150,400,160\na,1000,1,2,1000,T4|P100,LS,Running,100,300,\nc,1000,1,0,0,,BE,Failed,150,150,150\n",
    );
    const source = new OpenbReplaySource(spec(file, { startS: 10, timeScale: 2 }));
    expect(drain(source)).toEqual([
      { arrivalS: 10, durationS: 400, gpus: 2, gpuMilli: 1000, singleNode: true },
      { arrivalS: 110, durationS: 480, gpus: 1, gpuMilli: 500, singleNode: true },
      { arrivalS: 110, durationS: 0, gpus: 0, gpuMilli: 1000, singleNode: true },
    ]);
    expect(source.nextArrivalS(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it("the shipped sample replays in order; a list without times is refused with one line", () => {
    const jobs = drain(new OpenbReplaySource(spec(samplePods, { estimate: "mean" })));
    expect(jobs).toHaveLength(200);
    expect(jobs.every((j, i) => i === 0 || j.arrivalS >= (jobs[i - 1]?.arrivalS ?? 0))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "replay-"));
    const five = join(dir, "five.csv");
    writeFileSync(five, "name,cpu_milli,memory_mib,num_gpu,gpu_milli\na,1,1,1,500\n");
    expect(() => new OpenbReplaySource(spec(five))).toThrow(ScenarioError);
    expect(() => new OpenbReplaySource(spec(five))).toThrow(/no creation_time\/deletion_time columns/);
  });

  it.skipIf(!haveOpenb)(`replays the real default trace (8,152 pods)${openbSkipNote}`, () => {
    const source = new OpenbReplaySource(spec(join(openbDir, "openb_pod_list_default.csv"), { trace: { path: join(openbDir, "openb_pod_list_default.csv"), format: "openb", lenient: false, limit: 8152 } }));
    expect(source.size).toBe(8152);
    expect(source.firstArrivalS()).toBe(0);
    const jobs = drain(source);
    expect(jobs.every((j) => j.durationS >= 0)).toBe(true);
  });
});
