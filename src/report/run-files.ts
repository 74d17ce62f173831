/** Names of the files a run directory holds. */
export const runFiles = {
  summary: "summary.json",
  jobs: "jobs.csv",
  timeseries: "timeseries.csv",
  fill: "fill.csv",
  audit: "audit.csv",
  requests: "requests.csv",
  failures: "failures.csv",
  resolvedScenario: "resolved-scenario.json",
} as const;
