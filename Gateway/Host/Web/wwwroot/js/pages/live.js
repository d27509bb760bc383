// Live: new decisions as the gateway makes them (server-sent events from /api/v1/decisions/feed).
import { badge, h, panel, replace } from '../dom.js';
import { when } from '../format.js';
import { addressLink } from './common.js';

const MAX_ROWS = 200;

export async function render(view) {
  const status = h('span', { id: 'feed-status' }, badge('connecting', 'unknown'));
  const rows = h('tbody', { id: 'feed-rows' });
  replace(view,
    h('h1', null, 'Live decisions ', status),
    panel('New decisions (newest on top)', h('table', { id: 'feed-table' },
      h('thead', null, h('tr', null, ['Received', 'Id', 'Address', 'Reason / jail', 'Reports', 'By', 'Expires'].map(t => h('th', null, t)))),
      rows)));

  const source = new EventSource('/api/v1/decisions/feed');
  source.addEventListener('ready', () => replace(status, badge('connected', 'ok')));
  source.addEventListener('error', () => replace(status, badge(source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting', 'failing')));
  source.addEventListener('decision', event => {
    const d = JSON.parse(event.data);
    rows.prepend(h('tr', { dataset: { address: d.address } },
      [new Date().toLocaleTimeString(), String(d.id), addressLink(d.address), d.reason, String(d.reportCount), d.createdBy ?? '', when(d.expiresAt)]
        .map(cell => h('td', null, cell))));
    while (rows.children.length > MAX_ROWS) rows.lastElementChild.remove();
  });
  return () => source.close();
}
