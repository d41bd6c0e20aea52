/**
 * The playground's JSON API (services/playground/src/routes), one function per route.
 * A refused request throws an Error whose message is the server's, for a notice on the page.
 */

const BASE = '/playground/api';

async function call(path, { method = 'GET', body, signal } = {}) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    signal,
    // No content-type without a body: the server refuses an empty JSON body.
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

const query = (fields) => new URLSearchParams(fields).toString();

export const api = {
  state: () => call('/state'),
  overview: () => call('/overview'),
  /** Resolves with the new version once it moved past `since`, or after about 25 s. */
  changes: (since, signal) => call(`/changes?${query({ since })}`, { signal }),
  chat: (bot, person) => call(`/chat?${query({ bot, person })}`),
  send: (bot, person, text) => call('/send', { method: 'POST', body: { bot, person, text } }),
  press: (bot, person, messageId, data) =>
    call('/press', { method: 'POST', body: { bot, person, messageId, data } }),
  /** `invoice` is `{ messageId }` (an invoice message) or `{ link }` (an invoice link). */
  pay: (bot, person, invoice) =>
    call('/pay', { method: 'POST', body: { bot, person, ...invoice } }),
  webApp: (bot, person, url) => call('/web-app', { method: 'POST', body: { bot, person, url } }),
  addPerson: (firstName, role) => call('/people', { method: 'POST', body: { firstName, role } }),
  reset: () => call('/reset', { method: 'POST' }),
};

export const fileUrl = (fileId) => `${BASE}/files/${encodeURIComponent(fileId)}`;
