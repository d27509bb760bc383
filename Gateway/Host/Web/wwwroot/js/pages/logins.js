// Logins: one reporter login per reporting host, operators for people; a generated password is shown once.
import { del, get, post } from '../api.js';
import { badge, h, panel, replace, table } from '../dom.js';
import { when } from '../format.js';
import { attempt, notify } from '../notice.js';
import { action, form, input, select, value } from './common.js';

export async function render(view) {
  const logins = await get('/api/v1/credentials');
  const reload = () => render(view);

  const add = form('login-add-form', [
    ['Name', input('name', { required: true, placeholder: 'web1', maxlength: 64 })],
    ['Role', select('role', [['reporter', 'reporter (may only report)'], ['operator', 'operator']], 'reporter')],
  ], 'Add', async el => {
    const created = await attempt(() => post('/api/v1/credentials', { name: value(el, 'name'), role: value(el, 'role') }));
    if (!created) return;
    await reload();
    notify(`Login ${created.name} (${created.role}) added`);
    replace(document.getElementById('login-secret'), h('p', { class: 'secret' }, 'Password (shown once): ',
      h('code', { id: 'login-password-once' }, `${created.name}:${created.password}`)));
  });

  replace(view,
    h('h1', null, 'Logins'),
    panel('Add a login', add, h('div', { id: 'login-secret' })),
    panel('Logins (a registered server\'s login goes with the server)', table(['Name', 'Role', 'State', 'Created', ''],
      logins.map(l => [h('span', { class: 'mono' }, l.name), l.role, badge(l.active ? 'active' : 'inactive'), when(l.createdAt),
        action('Remove', async () => {
          if (!confirm(`Remove login ${l.name}? It stops working at once.`)) return;
          if (await attempt(() => del(`/api/v1/credentials/${encodeURIComponent(l.name)}`), `Login ${l.name} removed`) !== undefined) await reload();
        }, { class: 'danger', dataset: { remove: l.name } })]),
      { id: 'logins-table' })));
}
