/** Plain-text tables for the terminal: columns padded, numbers right-aligned. */

export type Cell = string | number | null;

const show = (cell: Cell): string => (cell === null ? '–' : typeof cell === 'number' ? formatNumber(cell) : cell);

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function renderTable(title: string, header: string[], rows: Cell[][], notes: string[] = []): string {
  const cells = [header, ...rows.map((row) => row.map(show))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  const numeric = header.map((_, c) => rows.every((row) => typeof row[c] !== 'string'));
  const line = (row: string[]) =>
    row.map((cell, c) => (c > 0 && numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [title, line(cells[0]!), rule, ...cells.slice(1).map(line), ...notes.map((n) => `  ${n}`), ''].join('\n');
}
