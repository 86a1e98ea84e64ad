// Small DOM helpers. Text is always set as text (never parsed as HTML), so names from compose files are inert.

/**
 * h('button', {class: 'primary', onclick: f, 'aria-label': 'x'}, 'text', child...) creates an element.
 * Attributes starting with "on" are event listeners; `text` sets the text content; null/false attributes are left out.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'text') element.textContent = value;
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** "12 s", "5 min", "3 h", "2 d" since an ISO time. */
export function age(iso) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/**
 * Replaces the children of `root` with `nodes`, keeping the keyboard focus (and a typed value) on the element
 * with the same data-key, so live updates do not throw the user out of what they were doing.
 */
export function replace(root, ...nodes) {
  const active = document.activeElement;
  const key = active && root.contains(active) ? active.dataset.key : undefined;
  const typed = key && active.tagName === 'INPUT' ? active.value : undefined;
  root.replaceChildren(...nodes);
  if (key) {
    const again = root.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) {
      if (typed !== undefined) again.value = typed;
      again.focus();
    }
  }
}
