import { existsSync } from "node:fs";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { barProgress, silentProgress, wantsProgress } from "../../calibrate/progress.js";
import { writeProfile } from "../../calibrate/profile.js";
import { runCalibration } from "../../calibrate/run-calibration.js";
import { formatProfileTable } from "../../calibrate/table.js";
import type { CalibrationProfile } from "../../cost/calibration-profile.js";
import { message, ScenarioError } from "../../messages.js";
import { gpuNames } from "../../model/gpus.js";

/** Options of `gpufleet calibrate`. */
interface CalibrateArgs {
  out?: string;
  quick: boolean;
  icd?: string;
  as?: string;
}

/** Default profile path: `calibration/<gpu>.json` for a catalog GPU, `calibration/cpu-<driver>.json` on a CPU adapter, else `calibration/<vendor>-<device>.json`. */
export function defaultProfilePath(profile: CalibrationProfile): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const a = profile.adapter;
  if (profile.device?.gpu) return `calibration/${slug(profile.device.gpu)}.json`;
  const name = a.isFallbackAdapter ? `cpu-${profile.driver.name}` : slug(`${a.vendor}-${a.device || a.description}`);
  return `calibration/${slug(name) || "device"}.json`;
}

/** `gpufleet calibrate`: WebGPU microbenchmarks → calibration profile (exit 2 when no adapter is found). */
export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: "calibrate",
  describe: "Measure GEMM, memory and transfer speed with WebGPU and fit the cost model into a profile",
  builder: (y: Argv) =>
    y
      .option("out", { type: "string", describe: "Profile to write (default calibration/<device>.json)" })
      .option("quick", { type: "boolean", default: false, describe: "Short run (fewer shapes and trials; for CI)" })
      .option("icd", { type: "string", describe: "Use this Vulkan ICD json instead of searching for a driver" })
      .option("as", { type: "string", describe: "Catalog GPU the device is, when the adapter name maps to none (e.g. H100-SXM)" })
      .example("$0 calibrate --quick", "about a minute on a CPU Vulkan driver")
      .example("$0 calibrate --out calibration/h100.json", "full run on the machine's GPU") as unknown as Argv<CalibrateArgs>,
  handler: async (args: ArgumentsCamelCase<CalibrateArgs>) => {
    if (args.icd !== undefined && !existsSync(args.icd)) throw new ScenarioError(message.icdNotFound(args.icd));
    if (args.as !== undefined && !(gpuNames as readonly string[]).includes(args.as)) throw new ScenarioError(message.calibrateUnknownGpu(args.as, gpuNames));
    const outcome = await runCalibration({
      quick: args.quick,
      ...(args.icd === undefined ? {} : { icdPath: args.icd }),
      ...(args.as === undefined ? {} : { asGpu: args.as }),
      progress: wantsProgress() ? barProgress() : silentProgress,
      log: (line) => process.stderr.write(`calibrate: ${line}\n`),
    });
    if (!outcome.ok) throw new ScenarioError(message.noWebgpuAdapter(outcome.tried));
    const path = args.out ?? defaultProfilePath(outcome.profile);
    writeProfile(path, outcome.profile);
    process.stdout.write(`${formatProfileTable(outcome.profile)}\n\nwrote ${path}\n`);
  },
};
