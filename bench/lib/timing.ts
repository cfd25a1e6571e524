// Per-call timing shared by the text benchmarks (moderation, learned scorer, personal data).

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
