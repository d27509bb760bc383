// Reports: top attackers and most-attacked servers for a period, with charts; send the e-mail report now.
import { get, post } from '../api.js';
import { h, panel, replace, table } from '../dom.js';
import { count, when } from '../format.js';
import { rankChart } from '../charts.js';
import { attempt } from '../notice.js';
import { action, addressLink, select } from './common.js';

export async function render(view, period) {
  const since = ['1h', '24h', '7d', '30d'].includes(period) ? period : '24h';
  const summary = await get(`/api/v1/reports/summary?since=${since}&top=10`);
  const chooser = select('since', [['1h', 'last hour'], ['24h', 'last 24 hours'], ['7d', 'last 7 days'], ['30d', 'last 30 days']], since);
  chooser.id = 'report-period';
  chooser.addEventListener('change', () => { location.hash = `#/reports/${chooser.value}`; });

  replace(view,
    h('h1', null, 'Reports'),
    h('div', { class: 'toolbar' }, h('label', null, 'Period ', chooser),
      action('Send the e-mail report now', () => attempt(() => post(`/api/v1/reports/email?since=${since}`),
        sent => `Report sent to ${sent.to.join(', ')}: "${sent.subject}"`), { class: 'primary', id: 'send-email' })),
    h('p', { class: 'muted' }, `${when(summary.from)} – ${when(summary.to)}: ${count(summary.reports)} reports, ${count(summary.activeDecisions)} active decisions now.`),
    h('div', { class: 'columns' },
      panel('Top attacking addresses',
        rankChart(summary.topAddresses.map(r => ({ name: r.name, value: r.reports })), { title: 'reports per address' }),
        table(['Address', 'Reports', 'Servers reporting it'], summary.topAddresses.map(r => [addressLink(r.name), count(r.reports), count(r.distinct)]), { id: 'top-addresses' })),
      panel('Most-attacked servers',
        rankChart(summary.topServers.map(r => ({ name: r.name, value: r.reports })), { title: 'reports per reporting host' }),
        table(['Server (reporting host)', 'Reports', 'Addresses'], summary.topServers.map(r => [r.name, count(r.reports), count(r.distinct)]), { id: 'top-servers' }))));
}
