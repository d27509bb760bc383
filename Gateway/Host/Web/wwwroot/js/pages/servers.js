// Servers: register (login shown once), change caps and scope, report-only on/off, remove.
import { del, get, patch, post } from '../api.js';
import { badge, h, panel, replace, table } from '../dom.js';
import { when } from '../format.js';
import { notify, attempt } from '../notice.js';
import { action, form, input, select, value } from './common.js';

export async function render(view) {
  const servers = await get('/api/v1/servers');
  const reload = () => render(view);

  const rows = servers.map(s => [
    h('span', { class: 'mono' }, s.name), h('span', { class: 'mono' }, s.address),
    badge(s.active ? 'active' : 'report-only'), s.scope === 'group' ? `group ${s.group}` : 'fleet',
    s.maxAddresses ? String(s.maxAddresses) : 'no cap', s.banDuration ?? 'policy', s.allowListId ? `#${s.allowListId}` : '', when(s.createdAt),
    h('span', { class: 'actions' },
      action(s.active ? 'Deactivate (report-only)' : 'Activate', () =>
        attempt(() => patch(`/api/v1/servers/${encodeURIComponent(s.name)}`, { active: !s.active }),
          `${s.name} is now ${s.active ? 'report-only' : 'active'}`).then(reload), { dataset: { toggle: s.name } }),
      action('Remove', async () => {
        if (!confirm(`Remove server ${s.name}? Its login stops working and its allow-list entry goes.`)) return;
        await attempt(() => del(`/api/v1/servers/${encodeURIComponent(s.name)}`), `Server ${s.name} removed`);
        await reload();
      }, { class: 'danger', dataset: { remove: s.name } })),
  ]);

  const secret = h('div', { id: 'server-secret' });
  const register = form('server-form', [
    ['Name', input('name', { required: true, placeholder: 'web3', pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,63}' })],
    ['Address', input('address', { required: true, placeholder: '1.0.5.3' })],
    ['Max addresses (cap)', input('maxAddresses', { type: 'number', min: 0, placeholder: 'none' })],
    ['Ban duration', input('banDuration', { placeholder: 'policy, e.g. 1d' })],
    ['Scope', select('scope', [['fleet', 'fleet'], ['group', 'group']], 'fleet')],
    ['Group', input('group', { placeholder: 'eu' })],
    ['Mode', select('active', [['true', 'active'], ['false', 'report-only (honeypot)']], 'true')],
  ], 'Register', async el => {
    const body = {
      name: value(el, 'name'), address: value(el, 'address'), scope: value(el, 'scope'), active: value(el, 'active') === 'true',
      maxAddresses: value(el, 'maxAddresses') ? Number(value(el, 'maxAddresses')) : undefined,
      banDuration: value(el, 'banDuration') || undefined, group: value(el, 'group') || undefined,
    };
    const created = await attempt(() => post('/api/v1/servers', body));
    if (!created) return;
    await reload();
    notify(`Server ${created.server.name} registered; ${created.server.address} is allow-listed`);
    // The reporter password exists only in this answer: shown once, for the server's fail2ban action.
    replace(document.getElementById('server-secret'), h('p', { class: 'secret' }, 'Reporter login (shown once): ',
      h('code', { id: 'server-password' }, `${created.server.name}:${created.password}`)));
  });

  const change = form('server-change', [
    ['Server', select('name', servers.map(s => [s.name, s.name]))],
    ['Max addresses (0 = no cap)', input('maxAddresses', { type: 'number', min: 0, placeholder: 'unchanged' })],
    ['Ban duration ("" = policy)', input('banDuration', { placeholder: 'unchanged' })],
    ['Scope', select('scope', [['', 'unchanged'], ['fleet', 'fleet'], ['group', 'group']], '')],
    ['Group', input('group', { placeholder: 'unchanged' })],
  ], 'Change', async el => {
    const body = {};
    if (value(el, 'maxAddresses')) body.maxAddresses = Number(value(el, 'maxAddresses'));
    if (value(el, 'banDuration')) body.banDuration = value(el, 'banDuration') === '""' ? '' : value(el, 'banDuration');
    if (value(el, 'scope')) body.scope = value(el, 'scope');
    if (value(el, 'group')) body.group = value(el, 'group');
    const name = value(el, 'name');
    if (await attempt(() => patch(`/api/v1/servers/${encodeURIComponent(name)}`, body), `Server ${name} changed`)) await reload();
  });

  replace(view,
    h('h1', null, 'Servers'),
    panel('Registered servers', table(['Name', 'Address', 'Mode', 'Scope', 'Cap', 'Ban duration', 'Allow-list', 'Registered', ''], rows, { id: 'servers-table' })),
    h('div', { class: 'columns' }, panel('Register a server', register, secret), servers.length > 0 ? panel('Change a server', change) : null));
}
