// Horizontal bar charts as server-rendered SVG (no script, so the CSP stays strict and the
// chart prints): a title and description for screen readers, labels and values as text, every
// string escaped.
import { trustedHtml, type SafeHtml } from '../../platform/safe-html';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

export interface Bar {
  label: string;
  value: number;
  /** Shown after the value, e.g. "of 120". */
  note?: string;
}

export function barChartSvg(chart: {
  title: string;
  description: string;
  bars: Bar[];
  /** The value a full-width bar stands for (default: the largest value). */
  max?: number;
  format?: (value: number) => string;
  color?: string;
  /** Shown instead of bars when there are none, in the reader's language. */
  empty: string;
}): SafeHtml {
  const rowHeight = 28;
  // Room for the longest label (about 7.5 px a character at the chart's size), so none is cut.
  const labels = chart.bars.map((bar) =>
    bar.label.length > 44 ? `${bar.label.slice(0, 43)}…` : bar.label,
  );
  const labelWidth = Math.max(120, ...labels.map((label) => Math.ceil(label.length * 7.5) + 16));
  const barWidth = 360;
  const width = labelWidth + barWidth + 220;
  const height = Math.max(1, chart.bars.length) * rowHeight + 10;
  const max = chart.max ?? Math.max(1, ...chart.bars.map((bar) => bar.value));
  const format = chart.format ?? ((value: number) => String(value));
  const id = `chart-${Math.random().toString(36).slice(2, 8)}`;
  const rows = chart.bars.map((bar, index) => {
    const y = index * rowHeight + 5;
    const length = max > 0 ? Math.round((bar.value / max) * barWidth) : 0;
    const label = labels[index]!;
    return [
      `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end" class="chart-label"><title>${escapeXml(bar.label)}</title>${escapeXml(label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${length}" height="${rowHeight - 10}" rx="3" fill="${chart.color ?? '#1f7a4d'}"/>`,
      `<text x="${labelWidth + length + 6}" y="${y + 18}" class="chart-value">${escapeXml(format(bar.value))}${bar.note ? ` ${escapeXml(bar.note)}` : ''}</text>`,
    ].join('');
  });
  return trustedHtml(
    [
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" class="chart">`,
      `<title id="${id}-t">${escapeXml(chart.title)}</title><desc id="${id}-d">${escapeXml(chart.description)}</desc>`,
      chart.bars.length
        ? rows.join('')
        : `<text x="10" y="20" class="chart-label">${escapeXml(chart.empty)}</text>`,
      '</svg>',
    ].join(''),
  );
}

/** Grouped columns (one group per label, one column per series) with a legend, as SVG. */
export function columnChartSvg(chart: {
  title: string;
  description: string;
  labels: string[];
  series: Array<{ name: string; color: string; values: number[] }>;
}): SafeHtml {
  const height = 220;
  const top = 30;
  const bottom = 30;
  const left = 40;
  const group = 54;
  const width = left + chart.labels.length * group + 20;
  const max = Math.max(1, ...chart.series.flatMap((series) => series.values));
  const column = (group - 10) / chart.series.length;
  const id = `chart-${Math.random().toString(36).slice(2, 8)}`;
  const scale = (value: number) => ((height - top - bottom) * value) / max;
  const columns = chart.labels.flatMap((label, i) => [
    `<text x="${left + i * group + group / 2}" y="${height - 10}" text-anchor="middle" class="chart-label">${escapeXml(label)}</text>`,
    ...chart.series.map((series, s) => {
      const value = series.values[i] ?? 0;
      const h = scale(value);
      const x = left + i * group + 5 + s * column;
      return `<rect x="${x.toFixed(1)}" y="${(height - bottom - h).toFixed(1)}" width="${(column - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${series.color}"><title>${escapeXml(`${series.name}, ${label}: ${value}`)}</title></rect>`;
    }),
  ]);
  const legend = chart.series.map(
    (series, s) =>
      `<rect x="${left + s * 150}" y="6" width="12" height="12" fill="${series.color}"/><text x="${left + s * 150 + 18}" y="16" class="chart-label">${escapeXml(series.name)}</text>`,
  );
  return trustedHtml(
    [
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" class="chart">`,
      `<title id="${id}-t">${escapeXml(chart.title)}</title><desc id="${id}-d">${escapeXml(chart.description)}</desc>`,
      `<text x="${left - 6}" y="${top + 4}" text-anchor="end" class="chart-value">${max}</text>`,
      `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#999"/>`,
      ...legend,
      ...columns,
      '</svg>',
    ].join(''),
  );
}
