// Dates and numbers as an operator reads them: local time, relative where it helps.

export function when(value) {
  if (!value) return '—';
  const date = new Date(value);
  return date.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function ago(value) {
  if (!value) return 'never';
  const seconds = Math.round((Date.now() - new Date(value).getTime()) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  const text = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.round(abs / 60)}m` : abs < 86400 ? `${Math.round(abs / 3600)}h` : `${Math.round(abs / 86400)}d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function count(value) {
  return Number(value ?? 0).toLocaleString();
}

/** True for text that looks like an IPv4/IPv6 address or CIDR block (the API decides for real). */
export function looksLikeAddress(text) {
  return /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(text) && (text.includes('.') || text.includes(':'));
}
