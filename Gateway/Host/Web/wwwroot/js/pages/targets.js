// Targets: state, last contact, errors, queue, drift found by reconcile, and a connection check on demand.
import { get, post } from '../api.js';
import { badge, h, panel, replace, table } from '../dom.js';
import { ago, when } from '../format.js';
import { attempt } from '../notice.js';
import { action, every } from './common.js';

// Drift per target and kind from the Prometheus text at /metrics (the same numbers a dashboard scrapes).
function driftOf(metrics) {
  const drift = {};
  const pattern = /^firewallgateway_firewallgateway_reconcile_drift(?:_total)?\{([^}]*)\}\s+([0-9.eE+-]+)/;
  for (const line of metrics.split('\n')) {
    const match = pattern.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]));
    const perTarget = drift[labels.target] ??= {};
    perTarget[labels.kind] = (perTarget[labels.kind] ?? 0) + Number(match[2]);
  }
  return drift;
}

function checkResult(check) {
  return h('div', { class: `check-result ${check.healthy ? 'ok' : 'failing'}`, dataset: { target: check.target } },
    h('strong', null, `${check.target}: ${check.healthy ? 'healthy' : 'not healthy'}`),
    ` — reachable ${check.reachable ? 'yes' : 'no'}, authenticated ${check.authenticated ? 'yes' : 'no'}, list/jail present ${check.ready ? 'yes' : 'no'}. `,
    h('span', { class: 'evidence' }, check.detail));
}

async function load(view, results, background) {
  const [targets, metrics] = await Promise.all([get('/api/v1/targets', { background }), get('/metrics', { background }).catch(() => '')]);
  const drift = driftOf(typeof metrics === 'string' ? metrics : '');
  const show = async checks => { replace(results, (Array.isArray(checks) ? checks : [checks]).map(checkResult)); await load(view, results, false); };
  replace(view,
    h('h1', null, 'Targets'),
    panel('Enforcing targets', table(['Target', 'Kind', 'State', 'Last success', 'Last attempt', 'Last error', 'Pending', 'Failing', 'Drift (missing / stale / renew)', ''],
      targets.map(t => {
        const d = drift[t.name] ?? {};
        return [h('span', { class: 'mono' }, t.name), t.kind, badge(t.state), ago(t.lastSuccessAt), when(t.lastAttemptAt), t.lastError ?? '',
          String(t.pending), String(t.failing), `${d.missing ?? 0} / ${d.stale ?? 0} / ${d.renew ?? 0}`,
          action('Check now', async () => { const check = await attempt(() => post(`/api/v1/targets/${encodeURIComponent(t.name)}/check`)); if (check) await show(check); },
            { dataset: { check: t.name } })];
      }), { id: 'targets-table' }),
    h('div', { class: 'actions' }, action('Check all targets', async () => { const checks = await attempt(() => post('/api/v1/targets/check')); if (checks) await show(checks); },
      { class: 'primary', id: 'check-all' }))),
    panel('Last check', results));
}

export async function render(view) {
  const results = h('div', { id: 'check-results' }, h('p', { class: 'muted' }, 'No check run from this page yet.'));
  await load(view, results, false);
  return every(15, () => load(view, results, true));
}
