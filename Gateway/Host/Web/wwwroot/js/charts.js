// Small SVG charts drawn here (no chart library, nothing fetched): bars per minute and ranked bars.
import { h, s } from './dom.js';

// A round top for the axis whose half is a whole number too (4, 6, 8, 10, 20, 40 ...).
function niceMax(value) {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 4, 6, 8, 10].map(step => step * magnitude).find(candidate => candidate >= value);
}

/** Vertical bars, one per point ({label, value}); labels every few bars so they stay readable. */
export function barChart(points, { title, height = 190 } = {}) {
  // Drawn about as wide as it is shown on a desktop screen, so the axis text keeps its size.
  const width = 1300;
  const left = 40, bottom = 22, top = 8;
  const max = niceMax(Math.max(0, ...points.map(p => p.value)));
  const plotHeight = height - bottom - top;
  const step = (width - left) / Math.max(points.length, 1);
  const labelEvery = Math.ceil(points.length / 8);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title ?? 'chart' });
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight * (1 - fraction);
    svg.append(
      s('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }),
      s('text', { x: left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(Math.round(max * fraction))));
  }
  points.forEach((point, i) => {
    const barHeight = max === 0 ? 0 : plotHeight * point.value / max;
    const x = left + i * step;
    svg.append(s('rect', { x: x + step * 0.15, y: top + plotHeight - barHeight, width: step * 0.7, height: barHeight, class: 'bar' },
      s('title', null, `${point.label}: ${point.value}`)));
    if (i % labelEvery === 0) {
      svg.append(s('text', { x: x + step / 2, y: height - 6, class: 'axis', 'text-anchor': 'middle' }, point.label));
    }
  });
  return h('figure', { class: 'chart-box' }, title ? h('figcaption', null, title) : null, svg);
}

/** Horizontal ranked bars ({name, value}), the name as text beside each bar. */
export function rankChart(rows, { title } = {}) {
  const width = 520, rowHeight = 24, labelWidth = 170;
  const height = Math.max(rows.length, 1) * rowHeight + 4;
  const max = Math.max(1, ...rows.map(r => r.value));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title ?? 'ranking' });
  if (rows.length === 0) {
    svg.append(s('text', { x: 4, y: 16, class: 'axis' }, 'no reports in this period'));
  }
  rows.forEach((row, i) => {
    const y = i * rowHeight + 2;
    const barWidth = (width - labelWidth - 50) * row.value / max;
    svg.append(
      s('text', { x: labelWidth - 6, y: y + 15, class: 'label', 'text-anchor': 'end' }, row.name.length > 26 ? `${row.name.slice(0, 25)}…` : row.name),
      s('rect', { x: labelWidth, y: y + 3, width: barWidth, height: rowHeight - 8, class: 'bar' }, s('title', null, `${row.name}: ${row.value}`)),
      s('text', { x: labelWidth + barWidth + 6, y: y + 15, class: 'axis' }, String(row.value)));
  });
  return h('figure', { class: 'chart-box' }, title ? h('figcaption', null, title) : null, svg);
}
