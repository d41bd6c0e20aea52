import { BOT_IDS, type BotId } from '@psycheos/platform';
import type { Person } from '@psycheos/testkit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AI_TOOL_USES } from '../src/ai-tools';
import { BOTS } from '../src/bots';
import { heldAnswers } from '../src/fake-model';
import { literal } from '../src/patterns';
import { ADMIN, newPerson } from '../src/people';
import { type Platform, usePlatform } from '../src/platform';
import { activeSender, killReplica, sentAgainAfterKill } from '../src/replicas';
import { untilSettled } from '../src/settled';
import { linkIn, openLink, TelegramChat } from '../src/telegram-chat';

/** Specialists at work at once in pro. */
const SPECIALISTS = 40;
/** Model requests one replica of a tool runs at once. */
const AI_JOB_CONCURRENCY = 4;
/**
 * Of them, those who ask the Интерпретатор at the same moment: twice one replica's
 * AI_JOB_CONCURRENCY, so with all of them at the model each replica runs four.
 */
const ASKING = 2 * AI_JOB_CONCURRENCY;
/** Pro's sender is killed once this many specialists were welcomed, with most of the load still to come... */
const WELCOMED_BEFORE_THE_KILL = 10;
/** ...and at least this many of pro's replies wait in the outbox: it dies in the middle of sending. */
const SENDER_BUSY = 5;
/**
 * The bound on calls sent twice, per killed sender: a call goes twice only if the killed
 * process held its row in memory, sent it, and died before deleting it; a sender holds at
 * most REPLY_WINDOW rows (200 by default), in flight or sent and not yet deleted.
 */
const REPLY_WINDOW = 200;
/** An AI request cut off by a kill runs again once its worker is taken for dead (30 s): libs/jobs. */
const AI_ANSWER_TIMEOUT_MS = 150_000;

interface Specialist {
  person: Person;
  pro: TelegramChat;
  interpretator?: TelegramChat;
}

/** What the load did and saw, for the checks below. */
interface LoadRecord {
  statuses: number[];
  /** Updates delivered, by bot. */
  delivered: Partial<Record<BotId, number>>;
  /** Where the Bot API's record stood when npm start saw each killed replica die. */
  killedAt: Partial<Record<BotId, number>>;
  asking: Specialist[];
  everyone: Specialist[];
  aiPresses: number;
}

describe('the platform with two replicas of every bot, one replica of pro and one of the Интерпретатор killed under load', () => {
  const platform = usePlatform({
    env: {
      PSYCHEOS_REPLICAS: BOT_IDS.map((bot) => `${bot}=2`).join(','),
      // The admin makes forty invites within a minute, three messages each.
      FLOOD_LIMIT_PER_MINUTE: '1000',
      // Ten bot processes share the test server's 100 connections (with other tests): each
      // keeps a pool of three, and an AI tool's job queue AI_JOB_CONCURRENCY + 2 more.
      DB_POOL_SIZE: '2',
      DB_MAX_OVERFLOW: '1',
      AI_JOB_CONCURRENCY: String(AI_JOB_CONCURRENCY),
    },
  });
  const record: LoadRecord = {
    statuses: [],
    delivered: {},
    killedAt: {},
    asking: [],
    everyone: [],
    aiPresses: 0,
  };

  /** The platform as the specialists reach it, every status the gateway answered kept. */
  const counted = (): Platform => ({
    ...platform,
    deliver: async (bot, update) => {
      const status = await platform.deliver(bot, update);
      record.statuses.push(status);
      record.delivered[bot] = (record.delivered[bot] ?? 0) + 1;
      return status;
    },
  });

  /** The admin makes one invite per person, one after another: the admin's chat is one conversation. */
  async function invitesFor(people: Person[]): Promise<string[]> {
    const admin = new TelegramChat(counted(), ADMIN, 'pro');
    await admin.send('/admin');
    const links: string[] = [];
    for (const person of people) {
      await admin.send('🔗 Создать приглашение');
      await admin.waitForText(/^Кому приглашение\?/);
      await admin.send(`Для ${person.first_name}`);
      links.push(linkIn(await admin.waitForText(/^🔗 Приглашение создано/)));
    }
    return links;
  }

  /** Opens the invite, accepts the terms, creates a case and opens its card. Presses are taps: see TelegramChat.tap. */
  async function joinAndOpenACase(person: Person, invite: string): Promise<TelegramChat> {
    const pro = await openLink(counted(), person, invite);
    await pro.waitForText(/^📄 Прежде чем начать, прочитайте условия работы/);
    await pro.tap('✅ Принимаю');
    await pro.waitForText(`Добро пожаловать в PsycheOS Pro, ${person.first_name}!`);
    await workOnACase(pro, `Кейс ${person.first_name}`);
    return pro;
  }

  async function workOnACase(pro: TelegramChat, name: string): Promise<void> {
    await pro.send('➕ Новый кейс');
    await pro.waitForText(/^Как назовём кейс\?/);
    await pro.send(name);
    await pro.waitForText(`✅ Кейс «${name}» создан.`);
    await pro.send('📁 Мои кейсы');
    await pro.tap(name);
    await pro.waitForText(new RegExp(`^📄 Кейс: ${literal(name)}\\n`));
  }

  /** From the open case card to the Интерпретатор with the material in hand, one press before the request. */
  async function handMaterialToTheInterpretator(specialist: Specialist): Promise<void> {
    const { pro, person } = specialist;
    await pro.tap('🧰 Инструменты');
    await pro.tap('Интерпретатор');
    const tool = await pro.follow(await pro.linkOf('▶️ Открыть «Интерпретатор»'));
    await tool.waitForText(`Интерпретатор открыт для кейса «Кейс ${person.first_name}».`);
    await AI_TOOL_USES.interpretator.prepare(tool);
    specialist.interpretator = tool;
  }

  const sentByPro = (text: string) =>
    platform.telegram.calls.filter(
      (call) => call.method === 'sendMessage' && String(call.params.text).startsWith(text),
    ).length;
  const pendingReplies = async (bot: BotId) => {
    const { waiting } = await platform.db
      .selectFrom('reply_outbox')
      .select((eb) => eb.fn.countAll<number>().as('waiting'))
      .where('bot_id', '=', bot)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(waiting);
  };
  const answersIn = (chat: TelegramChat) =>
    chat.sentTexts().filter((text) => AI_TOOL_USES.interpretator.answer.test(text));

  beforeAll(async () => {
    const people = Array.from({ length: SPECIALISTS }, (_, index) =>
      newPerson(`Специалист${index + 1}`),
    );
    const invites = await invitesFor(people);

    // The load in pro: forty specialists join, each creates a case and opens it, and the
    // first eight take their case to the Интерпретатор. Pro's active sender is killed once
    // ten were welcomed.
    const proKilled = (async () => {
      await vi.waitFor(
        async () => {
          const welcomed = sentByPro('Добро пожаловать в PsycheOS Pro');
          if (welcomed < WELCOMED_BEFORE_THE_KILL) throw new Error(`${welcomed} welcomed`);
          // ...and its sender busy, replies waiting for Telegram's 30 a second.
          const waiting = await pendingReplies('pro');
          if (waiting < SENDER_BUSY) throw new Error(`${waiting} replies waiting`);
        },
        { timeout: 300_000, interval: 20 },
      );
      await killReplica(platform.run, await activeSender(platform.run, 'pro'));
      record.killedAt.pro = platform.telegram.calls.length;
    })();
    record.everyone = await Promise.all(
      people.map(async (person, index) => {
        const specialist: Specialist = {
          person,
          pro: await joinAndOpenACase(person, invites[index] as string),
        };
        if (index < ASKING) await handMaterialToTheInterpretator(specialist);
        return specialist;
      }),
    );
    await proKilled;

    // Then the eight press «🔍 Интерпретировать» together while the others start a second
    // case; the model holds every answer until the Интерпретатор's active sender was
    // killed with all eight requests in flight, four of them on the killed replica.
    record.asking = record.everyone.slice(0, ASKING);
    const held = heldAnswers();
    platform.model.reset();
    platform.model.script(held.script);
    const interpretatorKilled = (async () => {
      await vi.waitFor(
        () => {
          if (platform.model.inFlight < ASKING) {
            throw new Error(`${platform.model.inFlight} model requests in flight`);
          }
        },
        { timeout: 120_000, interval: 20 },
      );
      await killReplica(platform.run, await activeSender(platform.run, 'interpretator'));
      record.killedAt.interpretator = platform.telegram.calls.length;
      held.release();
    })();
    await Promise.all([
      ...record.asking.map(async ({ interpretator }) => {
        await (interpretator as TelegramChat).tap('🔍 Интерпретировать');
        record.aiPresses++;
      }),
      ...record.everyone
        .slice(ASKING)
        .map(({ pro, person }) => workOnACase(pro, `Второй кейс ${person.first_name}`)),
    ]);
    await interpretatorKilled;
    await vi.waitFor(
      () => {
        const waiting = record.asking.filter(
          ({ interpretator }) => answersIn(interpretator as TelegramChat).length === 0,
        );
        if (waiting.length > 0) throw new Error(`${waiting.length} still wait for an answer`);
      },
      { timeout: AI_ANSWER_TIMEOUT_MS, interval: 200 },
    );
    await untilSettled(platform);
  }, 1_200_000);

  it('answers every update 200 through the gateway, though a replica of pro and one of the Интерпретатор died', () => {
    expect(record.statuses.filter((status) => status !== 200)).toEqual([]);
    // /admin, then 2 per invite (the button, the note); 6 per join (the link, the terms, a
    // case, its card); 4 per tool opened (two taps, the link, the material); 4 per second
    // case; 1 per AI request.
    const updates =
      1 + 2 * SPECIALISTS + 6 * SPECIALISTS + 4 * ASKING + 4 * (SPECIALISTS - ASKING) + ASKING;
    expect(record.statuses, JSON.stringify(record.delivered)).toHaveLength(updates);
    // Pro was killed mid-load: most of its messages came after.
    const proMessagesAfterTheKill = platform.telegram.calls
      .slice(record.killedAt.pro)
      .filter((call) => call.method === 'sendMessage' && call.token === BOTS.pro.token).length;
    expect(proMessagesAfterTheKill).toBeGreaterThan(SPECIALISTS * 3);
  });

  it('sends every reply, and twice only calls the killed senders had made just before they died', () => {
    const { calls } = platform.telegram;
    const sentAgain = (bot: BotId) => sentAgainAfterKill(calls, bot, record.killedAt[bot] ?? 0);
    const copies = new Set([...sentAgain('pro'), ...sentAgain('interpretator')]);
    for (const { person, pro } of record.everyone) {
      const shown = (text: string) =>
        [...pro.chatCalls('sendMessage'), ...pro.chatCalls('editMessageText')].filter(
          (call) => !copies.has(call) && String(call.params.text).startsWith(text),
        );
      expect(shown(`Добро пожаловать в PsycheOS Pro, ${person.first_name}!`)).toHaveLength(1);
      expect(shown(`✅ Кейс «Кейс ${person.first_name}» создан.`)).toHaveLength(1);
      expect(shown(`📄 Кейс: Кейс ${person.first_name}\n`)).toHaveLength(1);
    }
    // A call goes twice only when the killed sender held its row, sent it and died before
    // deleting it: at most the rows it held in memory (REPLY_WINDOW).
    expect(sentAgain('pro').length).toBeLessThanOrEqual(REPLY_WINDOW);
    expect(sentAgain('interpretator').length).toBeLessThanOrEqual(REPLY_WINDOW);
    // The answer to a press is not stored, so it is given at most once.
    const answered = calls
      .filter((call) => call.method === 'answerCallbackQuery')
      .map((call) => call.params.callback_query_id);
    expect(new Set(answered).size).toBe(answered.length);
    console.info(
      `replicas: ${record.statuses.length} updates, all 200; ${calls.length} Bot API calls; sent again after the kill: pro ${sentAgain('pro').length}, interpretator ${sentAgain('interpretator').length}; presses answered: ${answered.length}`,
    );
  });

  it('answers every AI request once, the ones cut off by the kill included', async () => {
    expect(record.aiPresses).toBe(ASKING);
    for (const { person, interpretator } of record.asking) {
      expect(answersIn(interpretator as TelegramChat), person.first_name).toHaveLength(1);
    }
    const jobs = await platform.db
      .selectFrom('ai_jobs')
      .select(['status'])
      .where('bot_id', '=', 'interpretator')
      .execute();
    expect(jobs.map((job) => job.status)).toEqual(Array(ASKING).fill('done'));
    // Each request reached the model once, and the four on the killed replica once more.
    const cutOff = platform.model.requests.length - ASKING;
    expect(cutOff).toBe(AI_JOB_CONCURRENCY);
    console.info(`replicas: ${ASKING} AI requests, ${cutOff} of them run again after the kill`);
  });
});
