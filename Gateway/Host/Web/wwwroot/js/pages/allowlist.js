// Allow-list: add with a comment, switch on/off, remove; refusals (configuration or server entries) say why.
import { del, get, patch, post } from '../api.js';
import { badge, h, panel, replace, table } from '../dom.js';
import { when } from '../format.js';
import { attempt, notify } from '../notice.js';
import { action, form, input, select, value } from './common.js';

function lifted(result) {
  const addresses = result.unbanned.map(d => d.address);
  return addresses.length === 0 ? '' : `; lifted ${addresses.length} decision(s): ${addresses.join(', ')}`;
}

export async function render(view) {
  const entries = await get('/api/v1/allowlist');
  const reload = () => render(view);

  const rows = entries.map(e => [
    String(e.id), h('span', { class: 'mono' }, e.address), e.comment, badge(e.active ? 'active' : 'inactive'), e.expiresAt ? when(e.expiresAt) : 'never',
    e.source, when(e.createdAt),
    h('span', { class: 'actions' },
      action(e.active ? 'Deactivate' : 'Activate', async () => {
        const result = await attempt(() => patch(`/api/v1/allowlist/${e.id}`, { active: !e.active }));
        if (result) notify(`Entry ${e.id} is now ${result.entry.active ? 'active' : 'inactive'}${lifted(result)}`);
        await reload();
      }, { dataset: { toggle: e.address } }),
      action('Remove', async () => {
        if (await attempt(() => del(`/api/v1/allowlist/${e.id}`), `Entry ${e.id} (${e.address}) removed`) !== undefined) await reload();
      }, { class: 'danger', dataset: { remove: e.address } })),
  ]);

  const add = form('allow-form', [
    ['Address or CIDR', input('address', { required: true, placeholder: '1.0.99.0/24' })],
    ['Comment', input('comment', { placeholder: 'office', maxlength: 256 })],
    ['Expires (optional)', input('expiresAt', { type: 'datetime-local' })],
    ['State', select('active', [['true', 'active'], ['false', 'inactive']], 'true')],
  ], 'Add', async el => {
    const expires = value(el, 'expiresAt');
    const body = {
      address: value(el, 'address'), comment: value(el, 'comment'), active: value(el, 'active') === 'true',
      expiresAt: expires ? new Date(expires).toISOString() : undefined,
    };
    const result = await attempt(() => post('/api/v1/allowlist', body));
    if (!result) return;
    await reload();
    notify(`Allow-listed ${result.entry.address} (entry ${result.entry.id})${lifted(result)}`);
  });

  replace(view,
    h('h1', null, 'Allow-list'),
    panel('Add an entry', add),
    panel('Entries (configuration entries have negative ids and are changed in the configuration)',
      table(['Id', 'Address', 'Comment', 'State', 'Expires', 'Source', 'Added', ''], rows, { id: 'allowlist-table' })));
}
