import { existsSync, readFileSync } from "node:fs";
import { type CsvCell, type CsvHeader, numberAt, readCsv, textAt } from "./csv-read.js";
import { FloatList } from "./float-list.js";

/** Text columns of requests.csv (every other column is numeric). */
const REQUEST_TEXT_COLUMNS: ReadonlySet<string> = new Set(["service", "class", "region", "status"]);

/** Latency targets of one service class (absent: no target). */
export interface SloTargetsData {
  ttftS?: number;
  tpotS?: number;
  e2eS?: number;
}

/** One service's requests as the charts need them. */
export interface ServiceRequests {
  /** Service name. */
  name: string;
  /** TTFT (s) of completed requests that arrived after the warm-up, ascending. */
  ttftS: Float64Array;
  /** TPOT (s) of the same requests (those with more than one output token), ascending. */
  tpotS: Float64Array;
  /** End-to-end latency (s) of the same requests, ascending. */
  e2eS: Float64Array;
  /** Per arrival window: requests ended (not unfinished) and how many met their SLO. */
  windows: { ended: number; met: number }[];
}

/** requests.csv read into chart-ready form. */
export interface RequestsData {
  /** Number of request rows. */
  rows: number;
  /** Width of an SLO window in seconds. */
  windowS: number;
  /** True when the scenario gives any SLO. */
  hasSlo: boolean;
  /** Per service, in order of first appearance. */
  services: ServiceRequests[];
}

/** Windows of the SLO-attainment-over-time chart. */
export const SLO_WINDOWS = 48;

/** SLOs by `service/class` from resolved-scenario.json (class SLO, else the service's). */
export function readRequestSlos(resolvedScenarioFile: string | null): Map<string, SloTargetsData> {
  const slos = new Map<string, SloTargetsData>();
  if (resolvedScenarioFile === null || !existsSync(resolvedScenarioFile)) return slos;
  type Slo = SloTargetsData | undefined;
  const doc = JSON.parse(readFileSync(resolvedScenarioFile, "utf8")) as { workloads?: { kind?: string; name?: string; slo?: Slo; classes?: { name: string; slo?: Slo }[] }[] };
  for (const w of doc.workloads ?? []) {
    if (w.kind !== "inference" || w.name === undefined) continue;
    const classes = w.classes ?? [{ name: "default" }];
    for (const c of classes) slos.set(`${w.name}/${c.name}`, c.slo ?? w.slo ?? {});
  }
  return slos;
}

/** Stream requests.csv into per-service TTFT/TPOT arrays and SLO attainment per arrival window. */
export async function readRequests(file: string, options: { warmupS: number; endS: number; slos: Map<string, SloTargetsData> }): Promise<RequestsData> {
  const windowS = Math.max(options.endS, 1e-9) / SLO_WINDOWS;
  const byService = new Map<string, { ttft: FloatList; tpot: FloatList; e2e: FloatList; windows: { ended: number; met: number }[] }>();
  let col: Record<"service" | "cls" | "status" | "arrivalS" | "ttftS" | "tpotS" | "e2eS", number> | null = null;
  let hasSlo = false;
  const onRow = (cells: CsvCell[], header: CsvHeader): void => {
    col ??= { service: header.indexOf("service"), cls: header.indexOf("class"), status: header.indexOf("status"), arrivalS: header.indexOf("arrivalS"), ttftS: header.indexOf("ttftS"), tpotS: header.indexOf("tpotS"), e2eS: header.indexOf("e2eS") };
    const service = textAt(cells, col.service, "all");
    let acc = byService.get(service);
    if (acc === undefined) {
      acc = { ttft: new FloatList(), tpot: new FloatList(), e2e: new FloatList(), windows: Array.from({ length: SLO_WINDOWS }, () => ({ ended: 0, met: 0 })) };
      byService.set(service, acc);
    }
    const status = textAt(cells, col.status, "unknown");
    const arrivalS = numberAt(cells, col.arrivalS);
    const ttftS = numberAt(cells, col.ttftS);
    const tpotS = numberAt(cells, col.tpotS);
    const e2eS = numberAt(cells, col.e2eS);
    if (status === "completed" && !(arrivalS < options.warmupS)) {
      if (Number.isFinite(ttftS)) acc.ttft.push(ttftS);
      if (Number.isFinite(tpotS)) acc.tpot.push(tpotS);
      if (Number.isFinite(e2eS)) acc.e2e.push(e2eS);
    }
    if (status === "unfinished" || !Number.isFinite(arrivalS)) return;
    const slo = options.slos.get(`${service}/${textAt(cells, col.cls, "default")}`) ?? {};
    if (slo.ttftS !== undefined || slo.tpotS !== undefined || slo.e2eS !== undefined) hasSlo = true;
    const met = status === "completed" && !(ttftS > (slo.ttftS ?? Infinity)) && !(tpotS > (slo.tpotS ?? Infinity)) && !(e2eS > (slo.e2eS ?? Infinity));
    const w = acc.windows[Math.min(SLO_WINDOWS - 1, Math.max(0, Math.floor(arrivalS / windowS)))] as { ended: number; met: number };
    w.ended++;
    if (met) w.met++;
  };
  const { rows } = await readCsv(file, REQUEST_TEXT_COLUMNS, onRow);
  const services = [...byService].map(([name, acc]) => ({ name, ttftS: acc.ttft.sorted(), tpotS: acc.tpot.sorted(), e2eS: acc.e2e.sorted(), windows: acc.windows }));
  return { rows, windowS, hasSlo, services };
}
