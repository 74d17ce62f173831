import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--expose-gc");
const gcFunction: unknown = runInNewContext("gc");

/** Run a full garbage collection (when the runtime allows it) and return heapUsed in MiB. */
export function heapUsedAfterGcMiB(): number {
  if (typeof gcFunction === "function") (gcFunction as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
