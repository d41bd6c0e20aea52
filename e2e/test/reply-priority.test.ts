import { describe, expect, it } from 'vitest';
import { ADMIN, newPerson } from '../src/people';
import { usePlatform } from '../src/platform';
import { errorEntries } from '../src/platform-logs';
import { createCase, openCaseCard, registerSpecialist } from '../src/pro-flows';
import { isMessageTo, StrangerFlood, untilSent } from '../src/stranger-flood';
import { linkIn, openLink, TelegramChat } from '../src/telegram-chat';

/**
 * Strangers writing /start at once. A reply to someone the bot knows may still follow the
 * strangers' replies its sender had already taken into memory (REPLY_WINDOW, 200) or has in
 * flight; a thousand leaves most of them behind it, where a queue by who the person was
 * before the update would leave none.
 */
const STRANGERS = 1_000;

/** A flood, its replies held and let go, takes a minute or two on two loaded cores. */
const FLOOD_TEST_TIMEOUT_MS = 360_000;

/**
 * Order, not time: of the strangers whose replies still waited when the person acted, most
 * were answered after the person's own reply. Were the reply queued by who the person was
 * before the update (a stranger), it would go after every one of them.
 */
function expectAheadOfMost(answeredAfter: number, waitingWhenActed: number): void {
  expect(waitingWhenActed, 'the strangers still waiting').toBeGreaterThan(STRANGERS / 2);
  expect(answeredAfter, 'strangers answered after the person').toBeGreaterThan(
    waitingWhenActed / 2,
  );
}

describe('the platform: who someone became in an update decides where their replies queue', () => {
  const platform = usePlatform();

  it(
    'sends an invited specialist the terms and the welcome ahead of a flood of strangers',
    async () => {
      const admin = new TelegramChat(platform, ADMIN, 'pro');
      await admin.send('/admin');
      await admin.send('🔗 Создать приглашение');
      await admin.waitForText(/^Кому приглашение\?/);
      await admin.send('Для Лены');
      const link = linkIn(await admin.waitForText(/^🔗 Приглашение создано/));

      const flood = new StrangerFlood(platform, 'pro', { count: STRANGERS, name: 'Гость' });
      await flood.arrive();
      const lena = newPerson('Лена');
      const pro = await openLink(platform, lena, link);
      const waitingAtLink = flood.unanswered();
      // Held again once her terms are sent, so a backlog still waits when she accepts them.
      const isTerms = /^📄 Прежде чем начать/;
      flood.release((call) => isMessageTo(call, 'pro', lena, isTerms));
      const terms = await untilSent(platform, 'pro', lena, isTerms);

      await pro.press('✅ Принимаю');
      const waitingAtAccept = flood.unanswered();
      flood.release();
      const welcome = await untilSent(platform, 'pro', lena, /^Добро пожаловать в PsycheOS Pro/);

      await flood.untilAllAnswered();
      expectAheadOfMost(flood.answeredAfter(terms), waitingAtLink);
      expectAheadOfMost(flood.answeredAfter(welcome), waitingAtAccept);
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

      const flood = new StrangerFlood(platform, 'screen', { count: STRANGERS, name: 'Прохожий' });
      await flood.arrive();
      const client = newPerson('Клиент');
      await openLink(platform, client, link);
      const waitingAtLink = flood.unanswered();
      flood.release();
      const consent = await untilSent(
        platform,
        'screen',
        client,
        /^Здравствуйте! Ваш специалист предлагает вам/,
      );

      await flood.untilAllAnswered();
      expectAheadOfMost(flood.answeredAfter(consent), waitingAtLink);
      expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
    },
    FLOOD_TEST_TIMEOUT_MS,
  );
});
