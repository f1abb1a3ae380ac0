import type { E2eSeries } from '../bench-results';

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 210, bottom: 56, left: 72 };
const COLORS = ['#1f77b4', '#d95f02', '#1b9e77', '#7570b3'];
/** The end-to-end target, drawn as a reference line. */
const TARGET_MS = 1_000;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1, 2, 5 × powers of ten between `min` and `max`. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(min)); decade <= max; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const value = decade * step;
      if (value >= min && value <= max) ticks.push(value);
    }
  }
  return ticks;
}

const label = (value: number) =>
  value >= 1000 ? `${value / 1000} s` : value >= 1 ? `${value} ms` : `${value * 1000} µs`;

/**
 * An SVG line chart of accept-to-provider latency (p50 dashed, p99 solid; log scale) against
 * offered load, one colour per provider latency, with the 1 s target as a reference line. A
 * step whose backlog did not drain is drawn hollow. Written from the data alone, no fonts or
 * scripts fetched.
 */
export function latencyChartSvg(series: readonly E2eSeries[], title: string): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const steps = series.flatMap((s) => s.steps);
  const latencies = steps.flatMap((s) => [s.latency.p50_ms, s.latency.p99_ms]).filter((v) => v > 0);
  const yMin = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...latencies, TARGET_MS))));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...latencies, TARGET_MS * 2)));
  // One column per offered rate, evenly spaced: rates from 50 to 2,000 stay readable.
  const rates = [...new Set(steps.map((s) => s.rate))].sort((a, b) => a - b);
  const xOf = (rate: number) =>
    MARGIN.left + ((rates.indexOf(rate) + 0.5) / Math.max(rates.length, 1)) * plotW;
  const yOf = (ms: number) => {
    const clamped = Math.min(yMax, Math.max(yMin, ms));
    const t = (Math.log10(clamped) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
    return MARGIN.top + plotH - t * plotH;
  };

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  );
  for (const tick of logTicks(yMin, yMax)) {
    const y = yOf(tick).toFixed(1);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#555">${label(tick)}</text>`,
    );
  }
  for (const rate of rates) {
    const x = xOf(rate).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#f0f0f0"/>`,
      `<text x="${x}" y="${MARGIN.top + plotH + 18}" text-anchor="middle" fill="#555">${rate}</text>`,
    );
  }
  const targetY = yOf(TARGET_MS).toFixed(1);
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${targetY}" y2="${targetY}" stroke="#c00" stroke-dasharray="2 4"/>`,
    `<text x="${MARGIN.left + plotW - 4}" y="${Number(targetY) - 6}" text-anchor="end" fill="#c00">target: p99 &lt; 1 s</text>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">offered load (messages/s, open loop; one column per step)</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">accept → provider latency (log scale)</text>`,
  );

  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    for (const [key, dash] of [
      ['p99_ms', ''],
      ['p50_ms', ' stroke-dasharray="6 4"'],
    ] as const) {
      const points = s.steps.map(
        (step) => `${xOf(step.rate).toFixed(1)},${yOf(step.latency[key]).toFixed(1)}`,
      );
      if (points.length > 1) {
        out.push(
          `<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
        );
      }
      for (const step of s.steps) {
        const fill = step.drained ? color : '#ffffff';
        out.push(
          `<circle cx="${xOf(step.rate).toFixed(1)}" cy="${yOf(step.latency[key]).toFixed(1)}" r="4" fill="${fill}" stroke="${color}" stroke-width="2"><title>${escapeXml(`${step.rate} msg/s, provider latency ${s.sandbox_latency_ms} ms: ${key.replace('_ms', '')} ${step.latency[key]} ms${step.drained ? '' : ' (backlog did not drain)'}`)}</title></circle>`,
        );
      }
    }
    const legendY = MARGIN.top + 10 + i * 44;
    const legendX = MARGIN.left + plotW + 16;
    out.push(
      `<line x1="${legendX}" x2="${legendX + 28}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${legendX + 36}" y="${legendY}" dominant-baseline="middle">p99, provider ${s.sandbox_latency_ms} ms</text>`,
      `<line x1="${legendX}" x2="${legendX + 28}" y1="${legendY + 18}" y2="${legendY + 18}" stroke="${color}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${legendX + 36}" y="${legendY + 18}" dominant-baseline="middle">p50, provider ${s.sandbox_latency_ms} ms</text>`,
    );
  });
  const noteY = MARGIN.top + 10 + series.length * 44;
  out.push(
    `<circle cx="${MARGIN.left + plotW + 30}" cy="${noteY}" r="4" fill="#ffffff" stroke="#555" stroke-width="2"/>`,
    `<text x="${MARGIN.left + plotW + 52}" y="${noteY}" dominant-baseline="middle">backlog did not drain</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}
