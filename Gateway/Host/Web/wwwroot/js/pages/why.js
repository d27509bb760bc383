// "Why is this address blocked": the decision, what protects it, its state on each target, every report.
import { get, post } from '../api.js';
import { badge, h, panel, replace, table } from '../dom.js';
import { when } from '../format.js';
import { attempt } from '../notice.js';
import { action, form, input, value } from './common.js';

export async function render(view, address) {
  const lookup = form('why-form', [['Address or CIDR', input('address', { required: true, value: address || undefined })]], 'Why?', el => {
    location.hash = `#/why/${encodeURIComponent(value(el, 'address'))}`;
  });
  if (!address) {
    replace(view, h('h1', null, 'Why is this address blocked?'), panel('Look up', lookup));
    return;
  }

  const info = await get(`/api/v1/addresses/${encodeURIComponent(address)}`);
  const reload = () => render(view, address);
  const decision = info.decision;
  const summary = decision
    ? h('dl', { class: 'facts', id: 'why-decision' },
      h('dt', null, 'Decision'), h('dd', null, `#${decision.id} `, badge(decision.state)),
      h('dt', null, 'Reason'), h('dd', null, decision.reason),
      h('dt', null, 'Reports'), h('dd', null, String(decision.reportCount)),
      h('dt', null, 'First / last seen'), h('dd', null, `${when(decision.firstSeen)} / ${when(decision.lastSeen)}`),
      h('dt', null, 'Expires'), h('dd', null, when(decision.expiresAt)),
      h('dt', null, 'Created by'), h('dd', null, decision.createdBy ?? '—'))
    : h('p', { id: 'why-decision' }, 'No decision for this address.');

  const buttons = h('div', { class: 'actions' },
    decision?.state === 'active'
      ? action('Unlock everywhere', () => attempt(() => post('/api/v1/unlock', { address: info.address }), `Unlocked ${info.address}`).then(reload),
        { class: 'danger', id: 'why-unlock' })
      : action('Lock (policy duration)', () => attempt(() => post('/api/v1/decisions', { address: info.address, reason: 'locked from the dashboard' }), `Locked ${info.address}`).then(reload),
        { class: 'primary', id: 'why-lock' }));

  replace(view,
    h('h1', null, 'Why: ', h('span', { class: 'mono' }, info.address)),
    panel('Look up', lookup),
    info.allowedBy ? h('p', { class: 'warnings', id: 'why-allowed' }, `Protected by the allow-list: ${info.allowedBy}`) : null,
    panel('Decision', summary, buttons),
    panel('State on each target', table(['Target', 'State', 'Error / reason', 'Updated', 'Attempts'],
      info.targets.map(t => [t.target, badge(t.state), t.error ?? '', when(t.updatedAt), String(t.attempts)]), { id: 'why-targets' })),
    panel('Reports', table(['Observed', 'Reporter', 'Host', 'Source', 'Jail / rule', 'Protocol', 'Port', 'Failures', 'Outcome', 'Evidence'],
      info.reports.map(r => [when(r.observedAt), r.reporter, r.host ?? '', r.source, r.rule ?? r.reason, r.protocol ?? '', r.port ?? '',
        r.failures === undefined || r.failures === null ? '' : String(r.failures), r.outcome, h('span', { class: 'evidence' }, r.evidence ?? '')]),
      { id: 'why-reports' })));
}
