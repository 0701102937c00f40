// Charts drawn on the server (no script, so the CSP stays strict and the chart prints): a title
// and description for screen readers, labels and values as text, every string escaped.
import { trustedHtml, type SafeHtml } from '../../platform/safe-html';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

export interface Bar {
  label: string;
  /** null: nothing to measure (no enrolments, say), shown as "—" with no bar. */
  value: number | null;
  /** Shown after the value, e.g. "(2 of 3)". */
  note?: string;
}

/**
 * Horizontal bars as HTML: each label is text that wraps (a long course title is never cut),
 * the bar a small SVG stretched to the row's width, so the chart reads at the page's own text
 * size on a phone and on a desktop alike. The numbers are text too: screen readers read label
 * and value, and the bar itself is decoration.
 */
export function barChart(chart: {
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
  const max = chart.max ?? Math.max(1, ...chart.bars.map((bar) => bar.value ?? 0));
  const format = chart.format ?? ((value: number) => String(value));
  const color = /^#[0-9a-f]{6}$/i.test(chart.color ?? '') ? chart.color! : '#1f7a4d';
  const rows = chart.bars.map((bar) => {
    const share = bar.value === null || max <= 0 ? 0 : Math.min(1, bar.value / max);
    const value = bar.value === null ? '—' : format(bar.value);
    return [
      '<li>',
      `<span class="bar-label">${escapeXml(bar.label)}</span>`,
      `<svg class="bar-track" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">`,
      `<rect width="${Math.round(share * 1000)}" height="10" rx="2" fill="${color}"/></svg>`,
      `<span class="bar-value">${escapeXml(value)}${bar.note ? ` ${escapeXml(bar.note)}` : ''}</span>`,
      '</li>',
    ].join('');
  });
  return trustedHtml(
    [
      '<figure class="bar-chart">',
      // The heading above names the chart; the caption says what the figures are.
      `<figcaption class="subtle"><span class="visually-hidden">${escapeXml(chart.title)}: </span>${escapeXml(chart.description)}</figcaption>`,
      chart.bars.length
        ? `<ul>${rows.join('')}</ul>`
        : `<p class="subtle">${escapeXml(chart.empty)}</p>`,
      '</figure>',
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
