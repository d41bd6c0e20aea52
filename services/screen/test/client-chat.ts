import { createLaunchToken, type Database } from '@psycheos/db';
import type { RecordedCall } from '@psycheos/local-bot-api';
import {
  buttonPress,
  nextUpdateId,
  type Person,
  type ServiceHarness,
  textMessage,
} from '@psycheos/testkit';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';

interface InlineButton {
  text: string;
  callback_data?: string;
}

/** A client's private chat with the screen bot, driven through the real webhook. */
export class ClientChat {
  constructor(
    readonly harness: ServiceHarness,
    readonly person: Person,
  ) {}

  async send(text: string): Promise<void> {
    expect((await this.harness.deliver(textMessage(this.person, text))).status).toBe(200);
  }

  /** Presses a button by its callback data (as a stale or repeated press would). */
  async press(data: string): Promise<string | undefined> {
    const updateId = nextUpdateId();
    const response = await this.harness.deliver(buttonPress(this.person, data, 1, updateId));
    expect(response.status).toBe(200);
    const answer = this.harness.telegram
      .callsTo('answerCallbackQuery')
      .find((call) => call.params.callback_query_id === `cbq-${updateId}`);
    expect(answer, `callback ${data} answered`).toBeDefined();
    return answer?.params.text as string | undefined;
  }

  /** Presses the button captioned `caption` on the newest message with buttons. */
  async pressButton(caption: string | RegExp): Promise<string | undefined> {
    const button = this.findButton(caption);
    return this.press(button.callback_data ?? '');
  }

  findButton(caption: string | RegExp): InlineButton {
    const buttons = this.buttons();
    const button = buttons.find((b) =>
      typeof caption === 'string' ? b.text === caption : caption.test(b.text),
    );
    if (!button) throw new Error(`no button ${caption} among ${buttons.map((b) => b.text)}`);
    return button;
  }

  buttons(): InlineButton[] {
    const withButtons = this.messages().filter(
      (call) => (call.params.reply_markup as { inline_keyboard?: unknown })?.inline_keyboard,
    );
    const markup = withButtons.at(-1)?.params.reply_markup as
      | { inline_keyboard: InlineButton[][] }
      | undefined;
    return markup?.inline_keyboard.flat() ?? [];
  }

  /** Every text the bot sent or edited in this chat, in order. */
  texts(): string[] {
    return this.harness.telegram.textsSentTo(this.person.id);
  }

  lastText(): string {
    return this.texts().at(-1) ?? '';
  }

  messages(): RecordedCall[] {
    return this.harness.telegram.calls.filter(
      (call) =>
        (call.method === 'sendMessage' || call.method === 'editMessageText') &&
        call.params.chat_id === this.person.id,
    );
  }
}

let nextSpecialistId = 700_000;

/** A specialist's case, and a screening invite for these instruments, as pro makes them. */
export async function screeningInvite(
  db: Kysely<Database>,
  instruments: string[] | null = ['phq9', 'gad7', 'who5'],
  caseName = 'Петров — депрессия',
) {
  const telegramId = ++nextSpecialistId;
  const specialist = await db
    .insertInto('users')
    .values({ telegram_id: telegramId, role: 'specialist', username: null, full_name: null })
    .returning('user_id')
    .executeTakeFirstOrThrow();
  const theCase = await db
    .insertInto('contexts')
    .values({ specialist_user_id: specialist.user_id, client_ref: caseName })
    .returning('context_id')
    .executeTakeFirstOrThrow();
  const token = await createLaunchToken(db, {
    botId: 'screen',
    specialistUserId: specialist.user_id,
    contextId: theCase.context_id,
  });
  if (instruments)
    await db.insertInto('screening_invites').values({ token, instruments }).execute();
  return { token, contextId: theCase.context_id, specialistTelegramId: telegramId, caseName };
}
