// Per-call timing shared by the text benchmarks (moderation, learned scorer, personal data).
import { fmt, percentile, verdict } from './report.ts';

/** Time of each call in ms, over every text, `passes` times, after a warm-up (JIT, regexp tier-up). */
export function timeEach(texts: readonly string[], fn: (text: string) => unknown, passes: number): number[] {
  for (let i = 0; i < 3; i++) for (const t of texts) fn(t);
  const times: number[] = [];
  for (let p = 0; p < passes; p++) {
    for (const t of texts) {
      const started = process.hrtime.bigint();
      fn(t);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return times;
}

/**
 * The p50, p99 and max rows of a per-message timing table: `measured` beside `reference` (timed in the same run),
 * with the verdict of the p99 against its target.
 */
export function latencyRows(measured: readonly number[], reference: readonly number[], targetP99Ms: number): string[][] {
  return [
    ['p50', fmt(percentile(measured, 50), 3), fmt(percentile(reference, 50), 4), '—', ''],
    ['p99', fmt(percentile(measured, 99), 3), fmt(percentile(reference, 99), 4), `< ${targetP99Ms}`, verdict(percentile(measured, 99) < targetP99Ms)],
    ['max', fmt(Math.max(...measured), 2), fmt(Math.max(...reference), 3), '—', ''],
  ];
}
