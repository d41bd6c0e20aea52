/** Which person and bot are open, kept in this browser so a reload opens the same chat. */

const SELECTION_KEY = 'playground.selection';

export function saveSelection(personId, username) {
  localStorage.setItem(SELECTION_KEY, JSON.stringify({ personId, username }));
}

/** The saved person and bot if they still exist, else the first person (the admin) and bot. */
export function restoreSelection({ people, bots }) {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(SELECTION_KEY) ?? '{}') ?? {};
  } catch {
    // A damaged entry: start from the beginning.
  }
  const person = people.find((candidate) => candidate.id === saved.personId) ?? people[0];
  const bot = bots.find((candidate) => candidate.username === saved.username) ?? bots[0];
  return { personId: person?.id ?? 0, botUsername: bot?.username ?? '' };
}
