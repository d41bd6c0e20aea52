import type { RecordedCall } from '@psycheos/local-bot-api';
import {
  buttonPress,
  type HarnessOptions,
  nextUpdateId,
  type Person,
  type ServiceHarness,
  startServiceHarness,
  textMessage,
} from '@psycheos/testkit';
import { expect } from 'vitest';
import { buildApp } from '../src/app';
import { labels } from '../src/texts';

/** The admin of every pro test; ADMIN_IDS names only this person. */
export const ADMIN: Person = { id: 900_001, first_name: 'Админ' };

export function startProBot(
  options: Pick<HarnessOptions, 'nats' | 'database' | 'env'> = {},
): Promise<ServiceHarness> {
  return startServiceHarness({
    botId: 'pro',
    buildApp,
    ...options,
    env: { ADMIN_IDS: String(ADMIN.id), ...options.env },
  });
}

interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  web_app?: { url: string };
}

/**
 * One person's private chat with the pro bot, driven through the real webhook:
 * what they send, and what the fake Bot API says the bot showed them.
 */
export class ProChat {
  constructor(
    private readonly harness: ServiceHarness,
    readonly person: Person,
  ) {}

  async send(text: string): Promise<void> {
    const response = await this.harness.deliver(textMessage(this.person, text));
    expect(response.status).toBe(200);
  }

  /** Sends a message without text (a sticker). */
  async sendSticker(): Promise<void> {
    const update = textMessage(this.person, '');
    const message = update.message as unknown as Record<string, unknown>;
    delete message.text;
    message.sticker = {
      file_id: 'sticker',
      file_unique_id: 's',
      type: 'regular',
      width: 1,
      height: 1,
      is_animated: false,
      is_video: false,
    };
    const response = await this.harness.deliver(update);
    expect(response.status).toBe(200);
  }

  /** Presses a button with this callback_data; returns what the bot answered the query. */
  async press(data: string): Promise<string | undefined> {
    const updateId = nextUpdateId();
    const response = await this.harness.deliver(buttonPress(this.person, data, 1, updateId));
    expect(response.status).toBe(200);
    const answers = this.harness.telegram
      .callsTo('answerCallbackQuery')
      .filter((call) => call.params.callback_query_id === `cbq-${updateId}`);
    expect(answers, `callback ${data} answered exactly once`).toHaveLength(1);
    return answers[0]?.params.text as string | undefined;
  }

  /** Presses the button captioned `caption` on the newest message that has inline buttons. */
  async pressButton(caption: string | RegExp): Promise<string | undefined> {
    const button = this.findButton(caption);
    if (!button.callback_data) throw new Error(`button "${button.text}" has no callback_data`);
    return this.press(button.callback_data);
  }

  findButton(caption: string | RegExp): InlineButton {
    const buttons = this.inlineButtons();
    const button = buttons.find((b) =>
      typeof caption === 'string' ? b.text === caption : caption.test(b.text),
    );
    if (!button) {
      throw new Error(`no button ${caption} among ${buttons.map((b) => b.text).join(', ')}`);
    }
    return button;
  }

  /** The inline buttons of the newest message (sent or edited) that has any. */
  inlineButtons(): InlineButton[] {
    const withButtons = this.messages().filter(
      (call) => (call.params.reply_markup as { inline_keyboard?: unknown })?.inline_keyboard,
    );
    const markup = withButtons.at(-1)?.params.reply_markup as
      | { inline_keyboard: InlineButton[][] }
      | undefined;
    return markup?.inline_keyboard.flat() ?? [];
  }

  /** The reply keyboard's captions on the newest message that set one. */
  replyKeyboard(): string[] {
    const withKeyboard = this.messages().filter(
      (call) => (call.params.reply_markup as { keyboard?: unknown })?.keyboard,
    );
    const markup = withKeyboard.at(-1)?.params.reply_markup as
      | { keyboard: { text: string }[][] }
      | undefined;
    return markup?.keyboard.flat().map((button) => button.text) ?? [];
  }

  texts(): string[] {
    return this.harness.telegram.textsSentTo(this.person.id);
  }

  lastText(): string {
    return this.texts().at(-1) ?? '';
  }

  /** Texts shown since the given count, for "what did this one action show". */
  textsSince(count: number): string[] {
    return this.texts().slice(count);
  }

  private messages(): RecordedCall[] {
    return this.harness.telegram.calls.filter(
      (call) =>
        (call.method === 'sendMessage' || call.method === 'editMessageText') &&
        call.params.chat_id === this.person.id,
    );
  }
}

/** The invite link's token, from the admin's "invite created" message. */
export function tokenFromInviteMessage(text: string): string {
  const match = /\?start=([0-9a-f]{16})/.exec(text);
  if (!match?.[1]) throw new Error('no invite link in the message');
  return match[1];
}

/** Creates an invite as the admin does and registers `person` with it, accepting the terms. */
export async function registerThroughInvite(
  harness: ServiceHarness,
  person: Person,
  note = 'для теста',
): Promise<ProChat> {
  const admin = new ProChat(harness, ADMIN);
  const token = await createInviteAsAdmin(admin, note);
  const chat = new ProChat(harness, person);
  await chat.send(`/start ${token}`);
  await chat.pressButton(labels.acceptTerms);
  return chat;
}

/** A specialist made outside pro (another bot's test fixture) accepts pro's terms. */
export async function acceptTermsInPro(chat: ProChat): Promise<void> {
  await chat.send('/start');
  await chat.pressButton(labels.acceptTerms);
}

export async function createInviteAsAdmin(admin: ProChat, note: string): Promise<string> {
  await admin.send('/admin');
  await admin.send('🔗 Создать приглашение');
  await admin.send(note);
  const created = admin.texts().findLast((text) => text.includes('?start='));
  return tokenFromInviteMessage(created ?? '');
}
