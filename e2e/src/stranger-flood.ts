import { setTimeout as sleep } from 'node:timers/promises';
import type { CallGate, RecordedCall } from '@psycheos/local-bot-api';
import type { BotId } from '@psycheos/platform';
import { type Person, textMessage } from '@psycheos/testkit';
import { expect, onTestFinished, vi } from 'vitest';
import { BOTS } from './bots';
import { newPerson } from './people';
import type { Platform } from './platform';

/** Telegram delivers an update again after a 5xx; a few times is plenty here. */
const REDELIVERIES = 5;
const REDELIVERY_PAUSE_MS = 1_000;

/** However slowly a loaded machine sends a thousand replies at Telegram's 30 a second. */
const DRAIN_TIMEOUT_MS = 180_000;

/**
 * Many strangers writing /start to one bot at once (an advertised bot's morning), with the
 * bot's replies to them held at the fake Telegram until the test lets them go. Held, not
 * paced: the bot's sender stops at its cap of calls in flight, so however fast or slow the
 * machine, the strangers' replies are certainly still waiting in its outbox when someone
 * else acts, and the order in which the bot then sends tells who it put first.
 */
export class StrangerFlood {
  readonly strangers: readonly Person[];
  readonly #ids: ReadonlySet<number>;
  readonly #gate: CallGate;

  constructor(
    private readonly platform: Platform,
    private readonly bot: BotId,
    { count, name }: { count: number; name: string },
  ) {
    this.strangers = Array.from({ length: count }, (_, index) => newPerson(`${name} ${index + 1}`));
    this.#ids = new Set(this.strangers.map((stranger) => stranger.id));
    this.#gate = platform.telegram.hold((call) => this.#isReplyToStranger(call));
    // A call still held when the test ends would hold the bot's shutdown too.
    onTestFinished(() => this.#gate.open());
  }

  /** Everyone writes /start through the gateway, 100 at a time; every update is taken. */
  async arrive(): Promise<void> {
    const statuses: number[] = [];
    for (let from = 0; from < this.strangers.length; from += 100) {
      const batch = this.strangers.slice(from, from + 100);
      statuses.push(...(await Promise.all(batch.map((stranger) => this.#writeStart(stranger)))));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }

  /** Strangers the bot has not sent an answer yet: theirs still wait in its outbox. */
  unanswered(): number {
    return this.strangers.length - this.#replies().length;
  }

  /**
   * Lets the strangers' replies go; with `until`, only until the bot sends a call that
   * matches it, and from then on they are held again.
   */
  release(until?: (call: RecordedCall) => boolean): void {
    this.#gate.open({ until });
  }

  /** Waits until every stranger has had the bot's answer, and checks it came once each. */
  async untilAllAnswered(): Promise<void> {
    this.#gate.open();
    await vi.waitFor(
      () => expect(this.#replies().length).toBeGreaterThanOrEqual(this.strangers.length),
      { timeout: DRAIN_TIMEOUT_MS, interval: 500 },
    );
    const chats = new Set(this.#replies().map((call) => call.params.chat_id));
    expect(chats.size, 'every stranger answered once').toBe(this.#replies().length);
  }

  /** How many strangers the bot answered after it sent `call`, in the order Telegram got them. */
  answeredAfter(call: RecordedCall): number {
    const { calls } = this.platform.telegram;
    const position = calls.indexOf(call);
    expect(position, 'the call was sent').toBeGreaterThanOrEqual(0);
    return calls.slice(position + 1).filter((later) => this.#isReplyToStranger(later)).length;
  }

  /**
   * A stranger's /start, delivered again after a 5xx as Telegram does: a flood on loaded
   * cores may find PostgreSQL out of connections for a moment, and nothing was committed then.
   */
  async #writeStart(stranger: Person): Promise<number> {
    const update = textMessage(stranger, '/start');
    for (let attempt = 1; ; attempt++) {
      const status = await this.platform.deliver(this.bot, update);
      if (status < 500 || attempt === REDELIVERIES) return status;
      await sleep(REDELIVERY_PAUSE_MS);
    }
  }

  #replies(): RecordedCall[] {
    return this.platform.telegram.calls.filter((call) => this.#isReplyToStranger(call));
  }

  #isReplyToStranger(call: RecordedCall): boolean {
    return (
      call.token === BOTS[this.bot].token &&
      call.method === 'sendMessage' &&
      this.#ids.has(Number(call.params.chat_id))
    );
  }
}

/**
 * The message `bot` sent `person` whose text matches, once it is sent: a reply that waits
 * behind a flood may take far longer than a chat's usual look allows, and the test is about
 * its place in the order, not about when it came.
 */
export async function untilSent(
  platform: Platform,
  bot: BotId,
  person: Person,
  text: RegExp,
): Promise<RecordedCall> {
  return vi.waitFor(
    () => {
      const sent = platform.telegram.calls.find((call) => isMessageTo(call, bot, person, text));
      if (!sent) throw new Error(`${bot} has not sent ${person.first_name} a message ${text}`);
      return sent;
    },
    { timeout: DRAIN_TIMEOUT_MS, interval: 100 },
  );
}

/** True for the message (sendMessage) `bot` sends `person` whose text matches. */
export function isMessageTo(call: RecordedCall, bot: BotId, person: Person, text: RegExp): boolean {
  return (
    call.token === BOTS[bot].token &&
    call.method === 'sendMessage' &&
    call.params.chat_id === person.id &&
    text.test(String(call.params.text))
  );
}
