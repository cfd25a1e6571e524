// Plain text tables for the CLI (aligned columns, one header line).
export function printTable(out: (line: string) => void, headers: string[], rows: string[][], empty: string): void {
  if (rows.length === 0) {
    out(empty);
    return;
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  out(line(headers));
  for (const row of rows) out(line(row));
}
