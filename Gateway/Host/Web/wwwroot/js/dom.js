// Building the page without innerHTML: every value reaches the DOM as a text node or an attribute set through
// the DOM API, so strings from attackers' reports (evidence, hostnames) are shown, never parsed or run.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'href' && !String(value).startsWith('#')) {
      // Only in-page routes: an attacker's "javascript:" can never become a link.
      throw new Error('only in-page links are built');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('td', {class: 'x'}, 'text', otherElement). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table with a header row; rows are arrays of cells (text or elements). */
export function table(headers, rows, attrs) {
  return h('table', attrs,
    h('thead', null, h('tr', null, headers.map(title => h('th', null, title)))),
    h('tbody', null, rows.length === 0
      ? h('tr', null, h('td', { colspan: headers.length, class: 'muted' }, 'nothing here'))
      : rows.map(cells => h('tr', null, cells.map(cell => h('td', null, cell))))));
}

/** A labelled form field. */
export function field(label, input) {
  return h('label', null, label, input);
}

/** A coloured state word. */
export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? text}` }, text);
}

/** A section with a heading. */
export function panel(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', null, title), children);
}
