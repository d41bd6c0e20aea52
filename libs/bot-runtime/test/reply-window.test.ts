import { describe, expect, it } from 'vitest';
import { type HeldReply, ReplyWindow } from '../src/replies/reply-window';

let nextId = 1;
const reply = (chat: number, priority = 0, id = nextId++): HeldReply => ({
  reply_id: id,
  chat_id: chat,
  method: 'sendMessage',
  payload: { chat_id: chat, text: String(id) },
  priority,
  attempts: 0,
  age_ms: 0,
  createdAt: 0,
});

/** Takes every reply that may go now, as the sender would dispatch them. */
function drainReady(window: ReplyWindow): HeldReply[] {
  const taken: HeldReply[] = [];
  for (let next = window.takeNext(); next; next = window.takeNext()) taken.push(next);
  return taken;
}

describe('reply window', () => {
  it('lets one reply per chat go at a time, the next only once the first is finished', () => {
    const window = new ReplyWindow();
    const [a1, a2, b1] = [reply(1), reply(1), reply(2)];
    window.add([a1, a2, b1]);

    expect(drainReady(window)).toEqual([a1, b1]);
    window.finish(a1);
    expect(drainReady(window)).toEqual([a2]);
    expect(window.size).toBe(2);
  });

  it('keeps each chat in id order, even when an older row arrives later', () => {
    const window = new ReplyWindow();
    const [older, newer] = [reply(5), reply(5)];
    window.add([newer]);
    window.add([older]);

    expect(drainReady(window)).toEqual([older]);
  });

  it('never puts a later arrival before the reply being sent', () => {
    const window = new ReplyWindow();
    const [sending, older] = [reply(5, 0, 200), reply(5, 0, 100)];
    window.add([sending]);
    expect(window.takeNext()).toBe(sending);
    window.add([older]);

    window.finish(sending);
    expect(drainReady(window)).toEqual([older]);
    expect(window.size).toBe(1);
  });

  it('sends an urgent reply ahead of its chat’s queued replies, but not of the one being sent', () => {
    const window = new ReplyWindow();
    const [sending, queued, later] = [reply(9), reply(9), reply(9)];
    window.add([sending, queued, later]);
    expect(window.takeNext()).toBe(sending);
    const urgent = reply(9, -1);
    window.add([urgent]);

    window.finish(sending);
    expect(drainReady(window)).toEqual([urgent]);
    window.finish(urgent);
    expect(drainReady(window)).toEqual([queued]);
  });

  it('serves an urgent chat first, and only urgent chats when asked for urgent ones', () => {
    const window = new ReplyWindow();
    const known = reply(1, 0);
    const stranger = reply(2, 1);
    const urgent = reply(3, -1);
    window.add([known, stranger, urgent]);

    expect(window.takeNext(-1)).toBe(urgent);
    expect(window.takeNext(-1)).toBeUndefined();
    expect(drainReady(window)).toEqual([known, stranger]);
  });

  it('serves chats of known people before strangers’', () => {
    const window = new ReplyWindow();
    const stranger = reply(1, 1);
    const known = reply(2, 0);
    window.add([stranger, known]);

    expect(drainReady(window)).toEqual([known, stranger]);
  });

  it('holds a chat whose reply waits for a retry, and releases it head first', () => {
    const window = new ReplyWindow();
    const [first, second] = [reply(3), reply(3)];
    window.add([first, second]);
    expect(window.takeNext()).toBe(first);

    window.retryLater(first);
    expect(drainReady(window)).toEqual([]);
    window.release(first);
    expect(drainReady(window)).toEqual([first]);
    expect(first.attempts).toBe(1);
  });

  it('skips rows it already holds and forgets them only when told', () => {
    const window = new ReplyWindow();
    const one = reply(4);
    window.add([one]);
    window.add([one]);
    expect(window.size).toBe(1);

    window.takeNext();
    window.finish(one);
    expect(window.size).toBe(0);
    expect(window.heldIds()).toEqual([one.reply_id]);
    window.forget(one.reply_id);
    expect(window.heldIds()).toEqual([]);
  });
});
