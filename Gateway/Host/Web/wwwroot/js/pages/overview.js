// Overview: active decisions, reports per minute, targets and their queues, and what is wrong.
import { get } from '../api.js';
import { badge, h, panel, replace, table } from '../dom.js';
import { barChart } from '../charts.js';
import { ago, count, when } from '../format.js';
import { addressLink, every } from './common.js';

function card(label, value, id, kind) {
  return h('div', { class: `card ${kind ?? ''}`, id }, h('div', { class: 'card-value' }, value), h('div', { class: 'card-label' }, label));
}

async function load(view, background) {
  const options = { background };
  const [health, rate, recent] = await Promise.all([
    get('/health', options).catch(error => error.status === 503 ? error.body : Promise.reject(error)),
    get('/api/v1/reports/rate?minutes=60', options),
    get('/api/v1/decisions?state=active&limit=10', options),
  ]);
  const targets = health.targets ?? [];
  const outbox = targets.reduce((sum, t) => sum + t.pending, 0);
  const failing = targets.filter(t => t.state === 'failing').length;
  const lastHour = rate.reduce((sum, r) => sum + r.reports, 0);
  const points = rate.map(r => ({ label: new Date(r.minute).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }), value: r.reports }));

  replace(view,
    h('h1', null, 'Overview ', badge(health.status, `status-${health.status}`)),
    health.warnings.length === 0 ? null
      : h('ul', { class: 'warnings', id: 'warnings' }, health.warnings.map(w => h('li', null, w))),
    h('div', { class: 'cards' },
      card('active decisions', count(health.activeDecisions), 'card-active'),
      card('reports in the last hour', count(lastHour), 'card-reports'),
      card('targets enforcing', `${targets.filter(t => t.enabled).length - failing} / ${targets.filter(t => t.enabled).length}`, 'card-targets', failing > 0 || targets.every(t => !t.enabled) ? 'bad' : ''),
      card('outbox depth', count(outbox), 'card-outbox', outbox > 0 ? 'warn' : '')),
    panel('Reports per minute (last hour)', barChart(points, { title: 'reports received per minute' })),
    h('div', { class: 'columns' },
      panel('Targets', table(['Target', 'Kind', 'State', 'Last success', 'Pending', 'Last error'],
        targets.map(t => [h('a', { href: '#/targets' }, t.name), t.kind, badge(t.state), ago(t.lastSuccessAt), String(t.pending), t.lastError ?? '']),
        { id: 'overview-targets' })),
      panel('Newest active decisions', table(['Address', 'Reason', 'Reports', 'Expires'],
        recent.map(d => [addressLink(d.address), d.reason, String(d.reportCount), when(d.expiresAt)]),
        { id: 'overview-decisions' }))),
    h('p', { class: 'muted small' }, `Receivers: ${health.receivers.map(r => `${r.name} ${r.enabled ? 'on' : 'off'}`).join(', ')}. Refreshes every 15 s.`));
}

export async function render(view) {
  await load(view, false);
  return every(15, () => load(view, true));
}
