import { round } from "./stats.js";
import { TimeWeightedAverage } from "./time-weighted.js";

/** Power and price of one GPU model. */
export interface GpuEconomics {
  /** GPU model name. */
  name: string;
  /** GPUs of the model in the fleet. */
  count: number;
  /** Power while computing, watts (board TDP). */
  busyWatts: number;
  /** Power while idle or waiting, watts. */
  idleWatts: number;
  /** Price per GPU-hour, USD. */
  pricePerHour: number;
}

/** The `energy` block of summary.json. */
export interface EnergySummary {
  /** Facility energy: IT energy x PUE, kWh. */
  kWh: number;
  /** GPU (IT) energy, kWh. */
  itKWh: number;
  /** Power usage effectiveness applied. */
  pue: number;
  /** Mean facility power, kW. */
  meanPowerKW: number;
}

/** The `cost` block of summary.json. */
export interface CostSummary {
  /** GPU-hours allocated to work. */
  allocatedGpuHours: number;
  /** What the allocated GPU-hours cost at the models' hourly prices, USD. */
  allocatedUsd: number;
  /** What the whole fleet costs over the simulated time (idle GPUs included), USD. */
  fleetUsd: number;
  /** Fleet cost per completed job or request (null when none completed), USD. */
  usdPerCompletion: number | null;
}

/**
 * Energy and cost from time-averaged allocation per GPU model and busy GPUs: a GPU draws its idle
 * power unless computing, when it draws its TDP. Busy GPUs are shared among models in proportion
 * to their allocated GPUs (exact for single-model fleets, an approximation for mixed ones).
 */
export class EnergyCostMetrics {
  private readonly allocated: TimeWeightedAverage[];
  private readonly busy = new TimeWeightedAverage(0);

  constructor(private readonly models: readonly GpuEconomics[]) {
    this.allocated = models.map(() => new TimeWeightedAverage(0));
  }

  /** Allocation per model (milli-GPUs, in `models` order) may have changed at `nowS`. */
  onAllocated(nowS: number, milliByModel: ArrayLike<number>): void {
    for (let i = 0; i < this.allocated.length; i++) (this.allocated[i] as TimeWeightedAverage).set(nowS, (milliByModel[i] ?? 0) / 1000);
  }

  /** Busy (computing) GPUs changed at `nowS`. */
  onBusy(nowS: number, busyGpus: number): void {
    this.busy.set(nowS, busyGpus);
  }

  /** The energy and cost blocks over [0, simulatedS]. */
  summary(simulatedS: number, pue: number, completions: number): { energy: EnergySummary; cost: CostSummary } {
    const hours = simulatedS / 3600;
    const allocatedMean = this.allocated.map((a) => a.average(0, simulatedS));
    const totalAllocated = allocatedMean.reduce((a, b) => a + b, 0);
    const busyMean = this.busy.average(0, simulatedS);
    let itWattHours = 0;
    let allocatedUsd = 0;
    let fleetUsd = 0;
    this.models.forEach((m, i) => {
      const allocatedGpus = allocatedMean[i] ?? 0;
      const busyGpus = totalAllocated > 0 ? Math.min(allocatedGpus, (busyMean * allocatedGpus) / totalAllocated) : 0;
      itWattHours += (m.count * m.idleWatts + busyGpus * (m.busyWatts - m.idleWatts)) * hours;
      allocatedUsd += allocatedGpus * hours * m.pricePerHour;
      fleetUsd += m.count * hours * m.pricePerHour;
    });
    const itKWh = itWattHours / 1000;
    return {
      energy: { kWh: round(itKWh * pue), itKWh: round(itKWh), pue, meanPowerKW: simulatedS > 0 ? round((itKWh * pue) / hours) : 0 },
      cost: {
        allocatedGpuHours: round(totalAllocated * hours),
        allocatedUsd: round(allocatedUsd),
        fleetUsd: round(fleetUsd),
        usdPerCompletion: completions > 0 ? round(fleetUsd / completions) : null,
      },
    };
  }
}
