import type { Scenario } from "../../scenario/schema.js";
import type { Subsystem } from "../subsystem.js";
import { allocationSubsystem } from "./allocation.js";
import { auditSubsystem } from "./audit.js";
import { economicsSubsystem } from "./economics.js";
import { failuresSubsystem } from "./failures.js";
import { inferenceSubsystem } from "./inference.js";
import { networkSubsystem } from "./network.js";
import { tenantsSubsystem } from "./tenants.js";
import { traceEventsSubsystem } from "./trace-events.js";
import { trainingSubsystem } from "./training.js";

/**
 * Every subsystem, in attach order: a subsystem may use what earlier ones put in `core.services`
 * (training and failures use the network; training uses failures). The order also fixes the order of
 * summary.json blocks and timeseries.csv columns, so appending keeps existing outputs byte-identical.
 */
export const subsystems: readonly Subsystem[] = [economicsSubsystem, networkSubsystem, failuresSubsystem, trainingSubsystem, tenantsSubsystem, auditSubsystem, inferenceSubsystem, allocationSubsystem, traceEventsSubsystem];

/** The subsystems a scenario needs, in registry order. */
export function subsystemsFor(scenario: Scenario): Subsystem[] {
  return subsystems.filter((s) => s.applies(scenario));
}
