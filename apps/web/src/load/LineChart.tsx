import type { Series } from './series.ts';

const width = 480;
const height = 180;
const pad = { left: 44, right: 10, top: 24, bottom: 26 };

type Line = Series & { className: string; label: string };

/**
 * A small SVG line chart: `lines` share the x axis (0…`xMax`) and the y axis
 * (0…`yMax`); the axes say what they count. Numbers only, as the samples gave them.
 */
export function LineChart({
  lines,
  xMax,
  yMax,
  xLabel,
  yLabel,
  title,
  testId,
}: {
  lines: readonly Line[];
  xMax: number;
  yMax: number;
  xLabel: string;
  yLabel: string;
  title: string;
  testId: string;
}) {
  const x = (v: number) => pad.left + (xMax > 0 ? (v / xMax) * (width - pad.left - pad.right) : 0);
  const y = (v: number) => height - pad.bottom - (yMax > 0 ? (v / yMax) * (height - pad.top - pad.bottom) : 0);
  return (
    <svg className="load-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} data-testid={testId}>
      <line className="load-axis" x1={pad.left} y1={y(0)} x2={width - pad.right} y2={y(0)} />
      <line className="load-axis" x1={pad.left} y1={y(0)} x2={pad.left} y2={pad.top} />
      <text className="load-tick" x={pad.left - 4} y={y(yMax) + 4} textAnchor="end">
        {Math.round(yMax).toLocaleString()}
      </text>
      <text className="load-tick" x={pad.left - 4} y={y(0)} textAnchor="end">
        0
      </text>
      <text className="load-tick" x={width - pad.right} y={height - 8} textAnchor="end">
        {`${Math.round(xMax)} ${xLabel}`}
      </text>
      <text className="load-tick" x={pad.left} y={height - 8}>
        0
      </text>
      <text className="load-tick" x={pad.left} y={12} textAnchor="middle">
        {yLabel}
      </text>
      {lines.map((line) => (
        <polyline
          key={line.key}
          className={`load-line ${line.className}`}
          data-series={line.key}
          points={line.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ')}
        >
          <title>{line.label}</title>
        </polyline>
      ))}
    </svg>
  );
}
