// Start, login/logout and the hash router: #/<page>[/<parameter>].
import { api, setSession, whenLoggedOut } from './api.js';
import { h, replace } from './dom.js';
import * as overview from './pages/overview.js';
import * as decisions from './pages/decisions.js';
import * as why from './pages/why.js';
import * as servers from './pages/servers.js';
import * as allowlist from './pages/allowlist.js';
import * as targets from './pages/targets.js';
import * as reports from './pages/reports.js';
import * as live from './pages/live.js';
import * as logins from './pages/logins.js';

const pages = { overview, decisions, why, servers, allowlist, targets, reports, live, logins };
const $ = id => document.getElementById(id);
let cleanup = null;

function showLogin(message) {
  if (cleanup) { cleanup(); cleanup = null; }
  setSession(null);
  $('shell').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message ?? '';
  $('login-name').focus();
}

function showShell(session) {
  setSession(session);
  $('user-name').textContent = session.name;
  $('login').hidden = true;
  $('shell').hidden = false;
  route();
}

async function route() {
  if ($('shell').hidden) return;
  if (cleanup) { cleanup(); cleanup = null; }
  const [, name = 'overview', ...rest] = location.hash.split('/');
  const page = pages[name] ?? overview;
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('active', link.dataset.page === name || (name === 'why' && link.dataset.page === 'decisions'));
  }
  const view = $('view');
  delete view.dataset.route;
  replace(view, h('p', { class: 'muted' }, 'Loading…'));
  try {
    cleanup = (await page.render(view, decodeURIComponent(rest.join('/')))) ?? null;
    view.dataset.page = name;
    view.dataset.route = location.hash;
  } catch (error) {
    if (error.status !== 401) replace(view, h('p', { class: 'error' }, `Could not load this page: ${error.message}`));
  }
}

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const session = await api('POST', '/ui/session', { name: $('login-name').value, password: $('login-password').value });
    $('login-password').value = '';
    showShell(session);
  } catch (error) {
    $('login-error').textContent = error.message;
  }
}

async function logout() {
  try { await api('DELETE', '/ui/session'); } catch { /* the session is gone either way */ }
  showLogin('Logged out.');
}

whenLoggedOut(() => showLogin('Your session ended (logged out or idle). Please log in again.'));
$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', logout);
window.addEventListener('hashchange', route);

api('GET', '/ui/session').then(showShell, () => showLogin());
