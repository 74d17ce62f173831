/**
 * When a running job is expected to end: its start plus its estimate; a job that has outlived its
 * estimate is assumed to need its estimate once more (rather than to end "now", which would make
 * the head look startable and freeze all backfilling behind it).
 */
export function expectedEndS(startS: number, estimateS: number, nowS: number): number {
  const endS = startS + estimateS;
  return endS > nowS ? endS : nowS + estimateS;
}
