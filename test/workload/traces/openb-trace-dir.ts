import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../helpers.js";

/** The real Alibaba GPU v2023 (openb) files, read in place from ../shared (never copied into the project). */
export const openbDir = join(repoRoot, "..", "shared", "traces", "alibaba-gpu-v2023");
/** True when the real trace is present. */
export const haveOpenb = existsSync(join(openbDir, "openb_pod_list_default.csv"));
/** Test-name suffix that says why real-trace tests are skipped. */
export const openbSkipNote = haveOpenb ? "" : ` (SKIPPED: ${openbDir} is absent)`;
/** The shipped made-up sample. */
export const sampleNodes = join(repoRoot, "scenarios", "traces", "openb-sample-nodes.csv");
/** The shipped made-up sample's pods. */
export const samplePods = join(repoRoot, "scenarios", "traces", "openb-sample-pods.csv");
