// Pieces several pages share.
import { h } from '../dom.js';

/** A small form whose submit runs an async handler with the form's values; fields are [name, element]. */
export function form(id, fields, buttonText, onSubmit) {
  const el = h('form', { id, class: 'inline-form' },
    fields.map(([label, input]) => h('label', null, label, input)),
    h('button', { type: 'submit', class: 'primary' }, buttonText));
  el.addEventListener('submit', async event => {
    event.preventDefault();
    const button = el.querySelector('button[type=submit]');
    button.disabled = true;
    try { await onSubmit(el); } finally { button.disabled = false; }
  });
  return el;
}

export const input = (name, attrs) => h('input', { name, ...attrs });

export function select(name, options, selected) {
  return h('select', { name }, options.map(([value, text]) => h('option', { value, selected: value === selected }, text)));
}

export const value = (formEl, name) => formEl.elements[name].value.trim();

/** A link to the "why" view of an address. */
export const addressLink = address => h('a', { href: `#/why/${encodeURIComponent(address)}`, class: 'mono' }, address);

/** A button that runs an action, disabled while it runs. */
export function action(text, handler, attrs) {
  const button = h('button', { type: 'button', ...attrs }, text);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try { await handler(); } finally { button.disabled = false; }
  });
  return button;
}

/** Repeats a background refresh while the page is shown; returns the stop function. */
export function every(seconds, refresh) {
  const timer = setInterval(() => { refresh().catch(() => {}); }, seconds * 1000);
  return () => clearInterval(timer);
}
