/** Small SVG charts, written here rather than imported: a few kilobytes, and each an image with a name a screen reader reads. */

export interface Series {
  key: string;
  label: string;
  /** A CSS class giving the colour (chart-success, chart-error, …). */
  tone: string;
}

export interface Column {
  label: string;
  values: Record<string, number>;
}

const WIDTH = 720;
const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 26, left: 56 };

/** Stacked columns over time (runs by result, bytes per day), with a legend; the summary is the image's name. */
export function ColumnChart({
  title,
  summary,
  columns,
  series,
  format = (n) => n.toLocaleString(),
}: {
  title: string;
  summary: string;
  columns: Column[];
  series: Series[];
  format?: (value: number) => string;
}) {
  const totals = columns.map((c) => series.reduce((sum, s) => sum + (c.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, columns.length);
  const barW = Math.max(1, step * 0.7);
  const labelEvery = Math.ceil(columns.length / 12);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${summary}`} className="chart-svg">
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} className="chart-axis" />
        <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end" className="chart-tick">
          {format(max)}
        </text>
        <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end" className="chart-tick">
          0
        </text>
        {columns.map((column, i) => {
          let y = PAD.top + plotH;
          const x = PAD.left + i * step + (step - barW) / 2;
          return (
            <g key={column.label}>
              <title>{`${column.label}: ${series.map((s) => `${s.label} ${format(column.values[s.key] ?? 0)}`).join(', ')}`}</title>
              <rect x={PAD.left + i * step} y={PAD.top} width={step} height={plotH} className="chart-hover" />
              {series.map((s) => {
                const h = ((column.values[s.key] ?? 0) / max) * plotH;
                y -= h;
                return h > 0 ? <rect key={s.key} x={x} y={y} width={barW} height={h} className={s.tone} /> : null;
              })}
              {i % labelEvery === 0 && (
                <text x={x + barW / 2} y={HEIGHT - 8} textAnchor="middle" className="chart-tick">
                  {column.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`chart-swatch ${s.tone}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** One horizontal bar per row (a flow's run time), its value written at its end. */
export function BarList({
  title,
  summary,
  rows,
  format,
}: {
  title: string;
  summary: string;
  rows: Array<{ label: string; value: number }>;
  format: (value: number) => string;
}) {
  const rowH = 22;
  const labelW = 220;
  const height = Math.max(rowH, rows.length * rowH) + 4;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const barSpace = WIDTH - labelW - 90;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${title}: ${summary}`} className="chart-svg">
        {rows.map((row, i) => {
          const y = i * rowH + 2;
          const w = Math.max(1, (row.value / max) * barSpace);
          return (
            <g key={`${row.label}-${i}`}>
              <title>{`${row.label}: ${format(row.value)}`}</title>
              <text x={labelW - 8} y={y + 15} textAnchor="end" className="chart-label">
                {row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label}
              </text>
              <rect x={labelW} y={y + 3} width={w} height={rowH - 8} className="chart-running" />
              <text x={labelW + w + 6} y={y + 15} className="chart-label">
                {format(row.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
