import type { RecordedCall } from '@psycheos/local-bot-api';
import type { BotId } from '@psycheos/platform';
import { buttonPress, nextUpdateId, type Person, textMessage } from '@psycheos/testkit';
import type { Update } from 'grammy/types';
import { vi } from 'vitest';
import { BOTS, botOfUsername } from './bots';
import type { Platform } from './platform';

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/**
 * Replies are sent by another process after its commit, one chat at a time and behind
 * other chats' replies: on two loaded cores a reply may take seconds, never thirty.
 */
const REPLY_TIMEOUT_MS = 30_000;
const SHOWN = new Set(['sendMessage', 'editMessageText']);

/**
 * One person's private chat with one bot, as Telegram carries it: what the person does is an
 * update posted to the gateway's webhook, and what the bot shows them is read from the fake
 * Bot API's calls with that bot's token. Every look waits for what it expects, since the
 * reply comes later from another process: "the reply to what I just did" is what the bot
 * showed after the person's last action.
 */
export class TelegramChat {
  /** Where the fake Bot API's record stood when the person last did something. */
  private lastActionAt = 0;

  constructor(
    readonly platform: Platform,
    readonly person: Person,
    readonly bot: BotId,
  ) {}

  /** Types a message (a command, a reply-keyboard caption, anything) and sends it. */
  async send(text: string): Promise<void> {
    await this.act(textMessage(this.person, text));
  }

  /**
   * Presses the button captioned `caption` under the newest message with buttons shown since
   * the last action (or, with `on`, under the newest one whose text matches it: another
   * message with buttons may have come after it), once it is there; resolves with the toast
   * the bot answered, if any.
   */
  async press(caption: string | RegExp, { on }: { on?: RegExp } = {}): Promise<string | undefined> {
    const { button, updateId } = await this.pressButton(caption, on);
    const answer = await this.waitFor(
      () =>
        this.botCalls('answerCallbackQuery', this.lastActionAt).find(
          (call) => call.params.callback_query_id === `cbq-${updateId}`,
        ),
      `an answer to the press on "${button.text}"`,
    );
    return answer.params.text as string | undefined;
  }

  /**
   * Presses a button as `press` does, without waiting for the bot's answer to the press.
   * That answer is not stored (it goes out once, after the commit), so a process killed
   * between the two never gives it; a story that kills processes waits for what the press
   * shows instead.
   */
  async tap(caption: string | RegExp, { on }: { on?: RegExp } = {}): Promise<void> {
    await this.pressButton(caption, on);
  }

  /** The address of the link button captioned `caption`, once it is shown. */
  async linkOf(caption: string | RegExp): Promise<string> {
    const button = await this.waitForButton(caption);
    if (!button.url) throw new Error(`"${button.text}" is not a link`);
    return button.url;
  }

  /** Opens a t.me link in this person's Telegram: a chat with the bot it names. */
  follow(link: string): Promise<TelegramChat> {
    return openLink(this.platform, this.person, link);
  }

  /** Waits for a text shown since the last action that contains `expected`, or matches it. */
  async waitForText(expected: string | RegExp): Promise<string> {
    return this.waitFor(
      () => this.textsSinceLastAction().findLast((text) => isMatch(text, expected)),
      `a text ${expected}`,
    );
  }

  /** Waits until the bot has sent `count` or more new messages like `expected`; resolves with them. */
  async waitForSent(expected: string | RegExp, count: number): Promise<string[]> {
    return this.waitFor(() => {
      const found = this.sentTexts().filter((text) => isMatch(text, expected));
      return found.length >= count ? found : undefined;
    }, `${count} messages ${expected}`);
  }

  /** Waits for a call of `method` to this chat (an invoice, a photo) since the last action. */
  async waitForCall(method: string): Promise<RecordedCall> {
    return this.waitFor(() => this.chatCalls(method, this.lastActionAt).at(-1), `a ${method}`);
  }

  /** Waits for a call of `method` by this bot that `matches`, such as one that names no chat. */
  async waitForBotCall(
    method: string,
    matches: (params: Record<string, unknown>) => boolean,
  ): Promise<RecordedCall> {
    return this.waitFor(
      () => this.botCalls(method).find((call) => matches(call.params)),
      `a matching ${method}`,
    );
  }

  /** Every text the bot sent or edited in this chat, in order. */
  texts(): string[] {
    return this.messages().map((call) => String(call.params.text));
  }

  /** The texts of the messages the bot sent in this chat, edits left out: one each. */
  sentTexts(): string[] {
    return this.chatCalls('sendMessage').map((call) => String(call.params.text));
  }

  /** This bot's calls of `method` about this chat, from the record's `from`-th call on. */
  chatCalls(method: string, from = 0): RecordedCall[] {
    return this.botCalls(method, from).filter((call) => call.params.chat_id === this.person.id);
  }

  private botCalls(method: string, from = 0): RecordedCall[] {
    const { token } = BOTS[this.bot];
    return this.platform.telegram.calls
      .slice(from)
      .filter((call) => call.token === token && call.method === method);
  }

  /** The messages this bot sent or edited in this chat, from the record's `from`-th call on. */
  private messages(from = 0): RecordedCall[] {
    const { token } = BOTS[this.bot];
    return this.platform.telegram.calls
      .slice(from)
      .filter(
        (call) =>
          call.token === token && SHOWN.has(call.method) && call.params.chat_id === this.person.id,
      );
  }

  private textsSinceLastAction(): string[] {
    return this.messages(this.lastActionAt).map((call) => String(call.params.text));
  }

  private async pressButton(caption: string | RegExp, on: RegExp | undefined) {
    const button = await this.waitForButton(caption, on);
    if (!button.callback_data) throw new Error(`"${button.text}" is a link: follow() it`);
    const updateId = nextUpdateId();
    await this.act(buttonPress(this.person, button.callback_data, 1, updateId));
    return { button, updateId };
  }

  private async waitForButton(caption: string | RegExp, on?: RegExp): Promise<InlineButton> {
    return this.waitFor(() => {
      const newest = this.messages(this.lastActionAt).findLast(
        (call) => inlineButtonsOf(call).length > 0 && (!on || on.test(String(call.params.text))),
      );
      return newest && inlineButtonsOf(newest).find((button) => isCaption(button.text, caption));
    }, `a button ${caption}`);
  }

  private async act(update: Update): Promise<void> {
    this.lastActionAt = this.platform.telegram.calls.length;
    const status = await this.platform.deliver(this.bot, update);
    if (status !== 200) throw new Error(`the gateway answered ${status} in ${this.name()}`);
  }

  private async waitFor<T>(look: () => T | undefined, what: string): Promise<T> {
    return vi.waitFor(
      () => {
        const found = look();
        if (found !== undefined) return found;
        const recent = this.texts().slice(-4).join('\n---\n');
        throw new Error(`${this.name()} has not shown ${what}; its last texts:\n${recent}`);
      },
      { timeout: REPLY_TIMEOUT_MS, interval: 50 },
    );
  }

  private name(): string {
    return `${this.person.first_name} (${this.person.id})'s chat with ${this.bot}`;
  }
}

/** Opens a `https://t.me/<bot>?start=<token>` link as Telegram does: `/start <token>` to that bot. */
export async function openLink(
  platform: Platform,
  person: Person,
  link: string,
): Promise<TelegramChat> {
  const url = new URL(link);
  if (url.hostname !== 't.me') throw new Error(`${link} is not a Telegram link`);
  const chat = new TelegramChat(platform, person, botOfUsername(url.pathname.slice(1)));
  const start = url.searchParams.get('start');
  await chat.send(start ? `/start ${start}` : '/start');
  return chat;
}

/** The first t.me link in a text, as a person taps it in a message. */
export function linkIn(text: string): string {
  const link = /https:\/\/t\.me\/\S+/.exec(text)?.[0];
  if (!link) throw new Error(`no Telegram link in: ${text}`);
  return link;
}

function inlineButtonsOf(call: RecordedCall): InlineButton[] {
  const markup = call.params.reply_markup as { inline_keyboard?: InlineButton[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

const isMatch = (text: string, expected: string | RegExp) =>
  typeof expected === 'string' ? text.includes(expected) : expected.test(text);

const isCaption = (text: string, caption: string | RegExp) =>
  typeof caption === 'string' ? text === caption : caption.test(text);
