// Timing helpers of the status list benchmark: seconds from hrtime, medians and percentiles, and
// sampling bounded by a time budget (a slow case takes fewer samples rather than minutes).

export const since = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return since(started);
}

export const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
export const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
/** Nearest rank: of 20 values, the 19th. */
export const p95 = (values: number[]) => sorted(values)[Math.ceil(values.length * 0.95) - 1]!;

/** Seconds per call of a synchronous operation, over `times` calls. */
export function perOperation(times: number, operation: () => unknown): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < times; i += 1) operation();
  return since(started) / times;
}

/**
 * Runs `measure` up to `most` times, and stops early once `least` runs are done and `budgetSeconds`
 * have gone by; returns each run's seconds.
 */
export async function samplesWithin(
  most: number,
  least: number,
  budgetSeconds: number,
  measure: (run: number) => Promise<number>,
): Promise<number[]> {
  const started = process.hrtime.bigint();
  const samples: number[] = [];
  while (samples.length < most && (samples.length < least || since(started) < budgetSeconds))
    samples.push(await measure(samples.length));
  return samples;
}

export async function medianOf(times: number, run: () => Promise<unknown>): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < times; i += 1) seconds.push(await timed(run));
  return median(seconds);
}
