// Figures and tables for the benchmark output: percentiles, the machine, markdown tables with the target.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** Nearest-rank percentile (p in 0..100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'CPU inconnu';
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${availableParallelism()} cœurs (${model}), ${Math.round(totalmem() / 2 ** 30)} GiB, pas de GPU, Node ${process.versions.node}, charge moyenne ${load}`;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const verdict = (met: boolean): string => (met ? 'atteint' : '**manqué**');

export function heading(title: string): void {
  process.stdout.write(`\n## ${title}\n\n${machine()} — ${new Date().toISOString()}\n\n`);
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
