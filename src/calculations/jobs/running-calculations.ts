/** What the reaper needs to know of the calculation runner: whether a calculation runs in this process. */
export abstract class RunningCalculations {
  abstract isRunningHere(calculationId: string): boolean;
}
