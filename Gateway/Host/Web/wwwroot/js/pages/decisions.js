// Decisions: search (address/CIDR through the API; jail and reporter over the listed decisions), lock, unlock.
import { del, get, post } from '../api.js';
import { badge, h, panel, replace, table } from '../dom.js';
import { when } from '../format.js';
import { notify, attempt } from '../notice.js';
import { action, addressLink, form, input, select, value } from './common.js';

const LIST_LIMIT = 1000;

function decisionRows(decisions, reload) {
  return decisions.map(d => [
    String(d.id), addressLink(d.address), d.reason, String(d.reportCount), d.createdBy ?? '', when(d.firstSeen), when(d.lastSeen),
    when(d.expiresAt), badge(d.state),
    d.state === 'active'
      ? action('Remove', () => attempt(() => del(`/api/v1/decisions/${d.id}`), `Decision ${d.id} (${d.address}) removed; unbans queued for every target`).then(reload),
        { class: 'danger', dataset: { remove: d.address } })
      : '',
  ]);
}

export async function render(view) {
  const targets = await get('/api/v1/targets');
  const results = h('div', { id: 'decision-results' });

  const search = form('decision-search', [
    ['Address or CIDR', input('address', { placeholder: '1.0.1.9 or 1.0.1.0/24' })],
    ['Jail / rule', input('jail', { placeholder: 'sshd' })],
    ['Reporter', input('reporter', { placeholder: 'web1' })],
    ['State', select('state', [['active', 'active'], ['expired', 'expired'], ['removed', 'removed'], ['all', 'all']], 'active')],
  ], 'Search', () => runSearch());

  async function runSearch() {
    const address = value(search, 'address');
    const jail = value(search, 'jail').toLowerCase();
    const reporter = value(search, 'reporter').toLowerCase();
    const query = new URLSearchParams({ state: value(search, 'state'), limit: String(LIST_LIMIT) });
    if (address) query.set('address', address);
    const decisions = await attempt(() => get(`/api/v1/decisions?${query}`));
    if (!decisions) return;
    const shown = decisions.filter(d =>
      (!jail || d.reason.toLowerCase().includes(jail)) && (!reporter || (d.createdBy ?? '').toLowerCase().includes(reporter)));
    replace(results,
      h('p', { class: 'muted small' }, `${shown.length} of ${decisions.length} decisions listed${decisions.length === LIST_LIMIT ? ` (the newest ${LIST_LIMIT})` : ''}.`),
      table(['Id', 'Address', 'Reason / jail', 'Reports', 'First reporter', 'First seen', 'Last seen', 'Expires', 'State', ''],
        decisionRows(shown, runSearch), { id: 'decisions-table' }));
  }

  const targetChoices = h('span', { class: 'choices' }, targets.filter(t => t.enabled).map(t =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'target', value: t.name }), t.name)));
  const lock = form('lock-form', [
    ['Address or CIDR', input('address', { required: true, placeholder: '1.0.77.7' })],
    ['Duration', input('duration', { placeholder: '7d (empty: policy)' })],
    ['Reason', input('reason', { placeholder: 'seen in the shop log', maxlength: 256 })],
    ['Only on targets (none = all)', targetChoices],
  ], 'Lock', async el => {
    const chosen = [...el.querySelectorAll('input[name=target]:checked')].map(c => c.value);
    const body = { address: value(el, 'address'), reason: value(el, 'reason') || undefined, duration: value(el, 'duration') || undefined };
    if (chosen.length > 0) body.targets = chosen;
    const decision = await attempt(() => post('/api/v1/decisions', body));
    if (decision) {
      notify(`Locked ${decision.address} until ${when(decision.expiresAt)} (decision ${decision.id})`);
      el.reset();
      await runSearch();
    }
  });

  const unlock = form('unlock-form', [['Address or CIDR', input('address', { required: true, placeholder: '1.0.77.7' })]], 'Unlock', async el => {
    const address = value(el, 'address');
    const result = await attempt(() => post('/api/v1/unlock', { address }));
    if (result) {
      notify(`Unlocked ${address}: removed from every target it was pushed to`);
      el.reset();
      await runSearch();
    }
  });

  replace(view,
    h('h1', null, 'Decisions'),
    panel('Search', search, h('p', { class: 'small' }, h('a', { href: '#/why/' }, 'Why is an address blocked? Look it up.')), results),
    h('div', { class: 'columns' }, panel('Lock an address', lock), panel('Unlock an address', unlock)));
  await runSearch();
}
