import {
  createTestDatabase,
  preCheckoutQuery,
  refundedPayment,
  type ServiceHarness,
  startServiceHarness,
  successfulPayment,
  textMessage,
} from '@psycheos/testkit';
import { Composer } from 'grammy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneDedup } from '../src/pipeline/dedup-retention';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { FLOOD_NOTE } from '../src/pipeline/webhook-pipeline';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';

const bot = new Composer<PipelineContext>();
bot.on('message:successful_payment', (ctx) => ctx.reply('оплата учтена'));
bot.on('message:refunded_payment', (ctx) => ctx.reply('возврат учтён'));
bot.on('pre_checkout_query', (ctx) => ctx.answerPreCheckoutQuery(true));
bot.on('message:text', (ctx) => ctx.reply('ok'));
const buildApp = (deps: ServiceDeps) => buildBotServiceApp(deps, bot);
/** A bot that marks its own never-to-drop updates, as screen marks crisis language. */
const buildMarkingApp = (deps: ServiceDeps) =>
  buildBotServiceApp(deps, bot, {
    mustBeHandled: (update) => update.message?.text?.includes('SOS') === true,
  });

/** The limit counts per clock minute: a test of it starts well inside one. */
async function awayFromTheMinutesEnd() {
  const second = new Date().getSeconds();
  if (second > 50) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
}

describe('a flood from one chat', () => {
  let harness: ServiceHarness;

  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'screen',
      buildApp,
      env: { FLOOD_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(() => harness.close());

  it('is told once (a stranger not at all) and then ignored for the minute, without touching other chats or growing a table', async () => {
    await awayFromTheMinutesEnd();
    const flooder = { id: 8101 };
    const neighbour = { id: 8102 };
    const stranger = { id: 8103 };
    // The flooder is someone the bot knows; the stranger is not.
    await harness.database.db
      .insertInto('users')
      .values({ telegram_id: flooder.id, role: 'client', username: null, full_name: null })
      .execute();
    for (let i = 0; i < 8; i++) {
      expect((await harness.deliver(textMessage(flooder, `сообщение ${i}`))).status).toBe(200);
    }
    for (let i = 0; i < 5; i++) await harness.deliver(textMessage(stranger, `спам ${i}`));
    await harness.deliver(textMessage(neighbour, 'привет'));

    expect(harness.telegram.textsSentTo(flooder.id)).toEqual(['ok', 'ok', 'ok', FLOOD_NOTE]);
    expect(harness.telegram.textsSentTo(neighbour.id)).toEqual(['ok']);
    // A stranger over the limit is not told: nothing more goes to them.
    expect(harness.telegram.textsSentTo(stranger.id)).toEqual(['ok', 'ok', 'ok']);
    const rows = await harness.database.db.selectFrom('bot_chat_state').selectAll().execute();
    expect(rows.map((row) => [row.chat_id, row.rate_updates]).sort()).toEqual([
      [8101, 8],
      [8102, 1],
      [8103, 5],
    ]);
    // Throttled updates are still recorded, so Telegram's retries of them are duplicates.
    const dedup = await harness.database.db
      .selectFrom('telegram_update_dedup')
      .selectAll()
      .execute();
    expect(dedup).toHaveLength(14);
  });
});

describe('what a flood never drops', { timeout: 60_000 }, () => {
  let harness: ServiceHarness;

  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'screen',
      buildApp: buildMarkingApp,
      env: { FLOOD_LIMIT_PER_MINUTE: '3' },
    });
  });
  afterAll(() => harness.close());

  it('handles a Stars payment, its pre-checkout, a refund and what the bot marks, after the chat went over the limit', async () => {
    await awayFromTheMinutesEnd();
    const person = { id: 8201 };
    for (let i = 0; i < 6; i++) await harness.deliver(textMessage(person, `сообщение ${i}`));
    // Telegram holds the payment until the bot confirms it; the query has no chat of its own.
    const checkout = preCheckoutQuery(person, { payload: 'v1:pack_100:100', totalAmount: 100 });
    expect((await harness.deliver(checkout)).status).toBe(200);
    const [confirmed] = await harness.telegram.waitForCalls('answerPreCheckoutQuery', 1);
    expect(confirmed?.params).toMatchObject({
      pre_checkout_query_id: checkout.pre_checkout_query?.id,
      ok: true,
    });
    const paid = { payload: 'v1:pack_100:100', totalAmount: 100, chargeId: 'flooded-charge' };
    expect((await harness.deliver(successfulPayment(person, paid))).status).toBe(200);
    expect((await harness.deliver(refundedPayment(person, paid))).status).toBe(200);
    expect((await harness.deliver(textMessage(person, 'SOS'))).status).toBe(200);
    expect((await harness.deliver(textMessage(person, 'ещё одно'))).status).toBe(200);
    // Three answered, then the chatter dropped; the payment, the refund and the marked message handled.
    expect(harness.telegram.textsSentTo(person.id)).toEqual([
      'ok',
      'ok',
      'ok',
      'оплата учтена',
      'возврат учтён',
      'ok',
    ]);
  });
});

describe('the dedup table', () => {
  it('keeps rows for 48 hours, then prunes them', async () => {
    const database = await createTestDatabase();
    try {
      await database.db
        .insertInto('telegram_update_dedup')
        .values([
          { bot_id: 'pro', update_id: 1 },
          { bot_id: 'pro', update_id: 2 },
          { bot_id: 'screen', update_id: 3 },
        ])
        .execute();
      await sql`update telegram_update_dedup set created_at = now() - interval '49 hours' where update_id in (1, 3)`.execute(
        database.db,
      );
      expect(await pruneDedup(database.db, 'pro', 48)).toBe(1);
      const left = await database.db
        .selectFrom('telegram_update_dedup')
        .select('update_id')
        .orderBy('update_id')
        .execute();
      expect(left.map((row) => row.update_id)).toEqual([2, 3]);
    } finally {
      await database.destroy();
    }
  });
});
