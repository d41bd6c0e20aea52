import type { BotId } from '@psycheos/shared';
import { type Person, textMessage } from '@psycheos/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { BOTS } from '../src/bots';
import { ADMIN, newPerson } from '../src/people';
import { type Platform, usePlatform } from '../src/platform';
import { errorEntries } from '../src/platform-logs';
import { createCase, openCaseCard, registerSpecialist } from '../src/pro-flows';
import { linkIn, openLink, TelegramChat } from '../src/telegram-chat';

/**
 * Strangers enough that their answers, at Telegram's 30 messages a second per bot, are still
 * going out many seconds after the last of them wrote: an advertised bot's morning.
 */
const STRANGERS = 600;

/**
 * Telegram's round trip while the flood goes out. With the sender's cap of 60 calls in flight
 * it paces the strangers' answers at about 7 a second, so they are still going out while the
 * newcomer goes through two steps, however slowly the flood itself came in on loaded cores
 * (at 4 s, a CI run answered the last strangers before the welcome was committed).
 */
const TELEGRAM_ROUND_TRIP_MS = 8_000;

/** A flood answered at that pace takes a minute and a half to go out in full. */
const FLOOD_TEST_TIMEOUT_MS = 300_000;

/** Everyone in `people` writes /start to `bot` at once, through the gateway; all are taken. */
async function flood(platform: Platform, bot: BotId, people: readonly Person[]): Promise<void> {
  platform.telegram.setLatency(TELEGRAM_ROUND_TRIP_MS);
  const statuses: number[] = [];
  for (let from = 0; from < people.length; from += 100) {
    const batch = people.slice(from, from + 100);
    statuses.push(
      ...(await Promise.all(
        batch.map((person) => platform.deliver(bot, textMessage(person, '/start'))),
      )),
    );
  }
  expect(statuses.every((status) => status === 200)).toBe(true);
}

/** How many of the strangers' replies the bot sent after the first message to `person` that matches. */
function strangerRepliesSentAfter(
  platform: Platform,
  bot: BotId,
  strangers: readonly Person[],
  person: Person,
  text: RegExp,
): number {
  const strangerIds = new Set(strangers.map((stranger) => stranger.id));
  const sent = platform.telegram.calls.filter(
    (call) => call.token === BOTS[bot].token && call.method === 'sendMessage',
  );
  const theirs = sent.findIndex(
    (call) => call.params.chat_id === person.id && text.test(String(call.params.text)),
  );
  expect(theirs, `a message ${text} was sent to ${person.first_name}`).toBeGreaterThanOrEqual(0);
  return sent.slice(theirs + 1).filter((call) => strangerIds.has(Number(call.params.chat_id)))
    .length;
}

const strangersNamed = (prefix: string) =>
  Array.from({ length: STRANGERS }, (_, index) => newPerson(`${prefix} ${index + 1}`));

describe('the platform: who someone became in an update decides where their replies queue', () => {
  const platform = usePlatform();
  afterEach(() => platform.telegram.setLatency(0));

  it(
    'sends an invited specialist the terms and the welcome ahead of a flood of strangers',
    async () => {
      const admin = new TelegramChat(platform, ADMIN, 'pro');
      await admin.send('/admin');
      await admin.send('🔗 Создать приглашение');
      await admin.waitForText(/^Кому приглашение\?/);
      await admin.send('Для Лены');
      const link = linkIn(await admin.waitForText(/^🔗 Приглашение создано/));

      const strangers = strangersNamed('Гость');
      await flood(platform, 'pro', strangers);
      const lena = newPerson('Лена');
      const pro = await openLink(platform, lena, link);
      await pro.waitForText(/^📄 Прежде чем начать/);
      await pro.press('✅ Принимаю');
      await pro.waitForText(/^Добро пожаловать в PsycheOS Pro, Лена!/);

      // Order, not time: the strangers' replies were still going out after hers.
      const afterTerms = strangerRepliesSentAfter(platform, 'pro', strangers, lena, /^📄/);
      const afterWelcome = strangerRepliesSentAfter(platform, 'pro', strangers, lena, /^Добро/);
      expect(afterTerms).toBeGreaterThan(0);
      expect(afterWelcome).toBeGreaterThan(0);
      // Every stranger was still answered, once.
      const strangerIds = new Set(strangers.map((stranger) => stranger.id));
      const answered = async () =>
        new Set(
          platform.telegram
            .callsTo('sendMessage')
            .filter((call) => call.token === BOTS.pro.token)
            .map((call) => Number(call.params.chat_id))
            .filter((chatId) => strangerIds.has(chatId)),
        ).size;
      await expect.poll(answered, { timeout: 240_000, interval: 500 }).toBe(STRANGERS);
      expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
    },
    FLOOD_TEST_TIMEOUT_MS,
  );

  it(
    'asks a client who opens a screening link for consent ahead of a flood of strangers in screen',
    async () => {
      const pro = await registerSpecialist(platform, newPerson('Ольга'));
      await createCase(pro, 'Кейс Орлова');
      await openCaseCard(pro, 'Кейс Орлова');
      await pro.press('🧰 Инструменты');
      await pro.press('Скрининг');
      await pro.press('📨 Получить ссылку для клиента');
      const link = await pro.linkOf('📝 Открыть опрос');

      const strangers = strangersNamed('Прохожий');
      await flood(platform, 'screen', strangers);
      const client = newPerson('Клиент');
      const screen = await openLink(platform, client, link);
      await screen.waitForText(/^Здравствуйте! Ваш специалист предлагает вам/);

      expect(
        strangerRepliesSentAfter(platform, 'screen', strangers, client, /^Здравствуйте!/),
      ).toBeGreaterThan(0);
    },
    FLOOD_TEST_TIMEOUT_MS,
  );
});
