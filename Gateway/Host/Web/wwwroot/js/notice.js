// One line at the bottom of the page saying what just happened (or why it was refused).
const box = () => document.getElementById('notice');
let timer = 0;

export function notify(text, kind = 'ok') {
  const el = box();
  el.textContent = text;
  el.className = `notice ${kind}`;
  el.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 12000 : 6000);
}

/** Runs an action and reports its outcome; a refusal shows the gateway's own reason. */
export async function attempt(action, success) {
  try {
    const result = await action();
    if (success) notify(typeof success === 'function' ? success(result) : success);
    return result;
  } catch (error) {
    notify(`Refused: ${error.message}${error.field ? ` (${error.field})` : ''}`, 'error');
    return undefined;
  }
}
