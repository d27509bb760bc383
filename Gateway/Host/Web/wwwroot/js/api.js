// The dashboard's only way to the gateway: the same HTTP API as the CLI, with the session cookie (sent by the
// browser, never readable here) and the session's CSRF token on every change.

let csrfToken = '';
let onLoggedOut = () => {};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error ?? '';
    this.field = body?.field ?? '';
    this.body = body;
  }
}

export function setSession(session) {
  csrfToken = session?.csrfToken ?? '';
}

export function whenLoggedOut(handler) {
  onLoggedOut = handler;
}

/** Calls the API; background calls (refresh) do not count as operator activity for the idle timeout. */
export async function api(method, path, body, { background = false } = {}) {
  const headers = { 'X-Dashboard': '1', 'Accept': 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (background) headers['X-Dashboard-Background'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('Content-Type') ?? '';
  const data = text && type.includes('json') ? JSON.parse(text) : text;
  if (response.status === 401 && path !== '/ui/session') {
    onLoggedOut();
  }
  if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : { detail: text || response.statusText });
  return data;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body) => api('POST', path, body ?? {});
export const patch = (path, body) => api('PATCH', path, body);
export const del = path => api('DELETE', path);
