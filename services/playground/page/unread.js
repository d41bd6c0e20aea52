/**
 * What each person has read: the newest bot message they saw in each chat, kept in this
 * browser (the server keeps the chats, not who looked at them).
 */

const SEEN_KEY = 'playground.seen';

export class UnreadTracker {
  #seen;

  constructor() {
    try {
      this.#seen = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') ?? {};
    } catch {
      this.#seen = {};
    }
  }

  lastSeen(personId, username) {
    return this.#seen[`${personId}:${username}`] ?? 0;
  }

  /** The chat is open: everything the bot wrote in it so far is read. */
  markRead(personId, username, messages) {
    const newest = messages.findLast((message) => message.from === 'bot')?.messageId ?? 0;
    if (newest === this.lastSeen(personId, username)) return;
    this.#seen[`${personId}:${username}`] = newest;
    localStorage.setItem(SEEN_KEY, JSON.stringify(this.#seen));
  }

  /** «Начать заново»: message ids start again from 1. */
  forgetAll() {
    this.#seen = {};
    localStorage.removeItem(SEEN_KEY);
  }
}

/** The bots (of the current person) and the other people with a bot message not yet read. */
export function unreadMarks(overview, tracker, currentPersonId, openUsername) {
  const bots = new Set();
  const people = new Set();
  for (const chat of overview?.chats ?? []) {
    const isOpen = chat.person === currentPersonId && chat.bot === openUsername;
    if (isOpen || chat.lastBotMessageId <= tracker.lastSeen(chat.person, chat.bot)) continue;
    if (chat.person === currentPersonId) bots.add(chat.bot);
    else people.add(chat.person);
  }
  return { bots, people };
}
