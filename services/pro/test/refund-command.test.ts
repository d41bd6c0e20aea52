import { type Person, type ServiceHarness, successfulPayment } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { billingLabels } from '../src/billing-texts';
import { texts } from '../src/texts';
import { ADMIN, ProChat, registerThroughInvite, startProBot } from './pro-chat';

const PACK_100 = 'v1:pack_100:100';

/**
 * /refund <charge id>: an admin refunds any payment, however old, by the same procedure as
 * the ↩️ button on the latest ten, on a real database and the local Bot API.
 */
describe('pro bot: /refund for admins', () => {
  let pro: ServiceHarness;
  let admin: ProChat;
  let nextPersonId = 710_000;
  let chargeNumber = 0;

  beforeAll(async () => {
    pro = await startProBot({
      env: { BILLING_TRIAL_CREDITS: '0', BILLING_CREDIT_PACKS: '100:100' },
    });
    admin = new ProChat(pro, ADMIN);
  });
  afterAll(() => pro.close());
  beforeEach(() => pro.telegram.reset());

  const db = () => pro.database.db;
  const newSpecialist = async () => {
    const person: Person = { id: ++nextPersonId, first_name: 'Вера' };
    return registerThroughInvite(pro, person);
  };
  /** A 100-credit pack bought as Telegram reports it; returns its charge id. */
  const pay = async (payer: Person) => {
    const chargeId = `stxRefundTest-${++chargeNumber}_a`;
    const update = successfulPayment(payer, { payload: PACK_100, totalAmount: 100, chargeId });
    expect((await pro.deliver(update)).status).toBe(200);
    return chargeId;
  };
  const paymentOf = (chargeId: string) =>
    db()
      .selectFrom('star_payments')
      .selectAll()
      .where('telegram_payment_charge_id', '=', chargeId)
      .executeTakeFirstOrThrow();
  const balanceOf = async (person: Person) => {
    const row = await sql<{ total: string }>`
      select coalesce(sum(amount_milli), 0) as total from credit_ledger l
      join users u on u.user_id = l.specialist_user_id where u.telegram_id = ${person.id}
    `.execute(db());
    return Number(row.rows[0]?.total);
  };
  const refundAudit = (paymentId: number) =>
    db()
      .selectFrom('admin_audit')
      .select(['admin_telegram_id', 'action', 'target'])
      .where('action', '=', 'payment_refunded')
      .where('target', '=', String(paymentId))
      .execute();
  const refundCalls = () => pro.telegram.callsTo('refundStarPayment').map((call) => call.params);

  it('refunds by charge id a payment older than the latest ten, reverses its credit and audits it', async () => {
    const chat = await newSpecialist();
    const oldCharge = await pay(chat.person);
    const latestTen: string[] = [];
    for (let i = 0; i < 10; i++) latestTen.push(await pay(chat.person));
    expect(await balanceOf(chat.person)).toBe(1_100_000);
    const old = await paymentOf(oldCharge);

    // The list shows the latest ten, with their charge ids: the old one is not there.
    await admin.send(billingLabels.payments);
    const report = admin.lastText();
    expect(report).toContain('/refund <номер платежа в Telegram>');
    expect(report).not.toContain(oldCharge);
    expect(admin.inlineButtons().map((button) => button.text)).not.toContain(
      billingLabels.refund(old.payment_id),
    );
    for (const chargeId of latestTen) expect(report).toContain(chargeId);

    await admin.send(`/refund ${oldCharge}`);
    expect(admin.lastText()).toBe(`Платёж №${old.payment_id} возвращён, кредиты списаны.`);
    expect(refundCalls()).toEqual([
      { user_id: chat.person.id, telegram_payment_charge_id: oldCharge },
    ]);
    expect(await balanceOf(chat.person)).toBe(1_000_000);
    expect((await paymentOf(oldCharge)).refunded_at).toBeInstanceOf(Date);
    expect(chat.lastText()).toContain('Платёж возвращён: списано 100');
    expect(await refundAudit(old.payment_id)).toEqual([
      { admin_telegram_id: ADMIN.id, action: 'payment_refunded', target: String(old.payment_id) },
    ]);
  });

  it('says a second /refund of the same charge is already refunded, and reverses nothing again', async () => {
    const chat = await newSpecialist();
    const chargeId = await pay(chat.person);
    const { payment_id: paymentId } = await paymentOf(chargeId);
    await admin.send(`/refund ${chargeId}`);
    await admin.send(`/refund ${chargeId}`);
    expect(admin.lastText()).toBe(`Платёж №${paymentId} уже возвращён.`);
    // The button, which shares the procedure, says the same.
    expect(await admin.press(`pay:refund:${paymentId}`)).toBe(
      `Платёж №${paymentId} уже возвращён.`,
    );
    expect(refundCalls()).toHaveLength(1);
    expect(await balanceOf(chat.person)).toBe(0);
    expect(await refundAudit(paymentId)).toHaveLength(1);
  });

  it('reverses the credit when Telegram says the charge was refunded already', async () => {
    // As after a commit that failed once Telegram had refunded: the next attempt settles it.
    const chat = await newSpecialist();
    const chargeId = await pay(chat.person);
    const { payment_id: paymentId } = await paymentOf(chargeId);
    pro.telegram.respond('refundStarPayment', () => ({
      ok: false,
      error_code: 400,
      description: 'Bad Request: CHARGE_ALREADY_REFUNDED',
    }));
    await admin.send(`/refund ${chargeId}`);
    expect(admin.lastText()).toBe(`Платёж №${paymentId} возвращён, кредиты списаны.`);
    expect(await balanceOf(chat.person)).toBe(0);
    expect(await refundAudit(paymentId)).toHaveLength(1);
  });

  it('takes pro’s payment number too, as the list and the admins’ notices show it', async () => {
    const chat = await newSpecialist();
    const chargeId = await pay(chat.person);
    const { payment_id: paymentId } = await paymentOf(chargeId);
    await admin.send(`/refund №${paymentId}`);
    expect(admin.lastText()).toBe(`Платёж №${paymentId} возвращён, кредиты списаны.`);
    expect(refundCalls()).toEqual([
      { user_id: chat.person.id, telegram_payment_charge_id: chargeId },
    ]);
  });

  it('names the charge and /refund in the admins’ notice of a payment not credited', async () => {
    const chat = await newSpecialist();
    const chargeId = `stxUnderpaid-${++chargeNumber}`;
    // One Star for the 100-credit pack: recorded, not credited, the admins told.
    const underpaid = successfulPayment(chat.person, {
      payload: PACK_100,
      totalAmount: 1,
      chargeId,
    });
    expect((await pro.deliver(underpaid)).status).toBe(200);
    const { payment_id: paymentId } = await paymentOf(chargeId);
    expect(admin.lastText()).toContain(`/refund ${chargeId}`);

    await admin.send(`/refund ${chargeId}`);
    expect(admin.lastText()).toBe(`Платёж №${paymentId} возвращён, кредиты списаны.`);
    expect(refundCalls()).toEqual([
      { user_id: chat.person.id, telegram_payment_charge_id: chargeId },
    ]);
    expect(await balanceOf(chat.person)).toBe(0);
    expect(await refundAudit(paymentId)).toHaveLength(1);
  });

  it('answers an unknown charge id with where to find one, and asks Telegram nothing', async () => {
    await admin.send('/refund stxNoSuchCharge');
    expect(admin.lastText()).toContain('Платёж «stxNoSuchCharge» не найден');
    await admin.send('/refund №999999999');
    expect(admin.lastText()).toContain('Платёж «№999999999» не найден');
    expect(refundCalls()).toEqual([]);
  });

  it('shows how to use /refund when the charge id is missing or is more than one word', async () => {
    await admin.send('/refund');
    expect(admin.lastText()).toContain('Вернуть платёж: /refund <номер платежа в Telegram>');
    await admin.send('/refund   ');
    expect(admin.lastText()).toContain('Вернуть платёж: /refund <номер платежа в Telegram>');
    await admin.send('/refund stxA stxB');
    expect(admin.lastText()).toContain('Вернуть платёж: /refund <номер платежа в Telegram>');
    expect(refundCalls()).toEqual([]);
  });

  it('tells the admin Telegram’s reason when it refuses, and reverses and audits nothing', async () => {
    const chat = await newSpecialist();
    const chargeId = await pay(chat.person);
    const { payment_id: paymentId } = await paymentOf(chargeId);
    pro.telegram.respond('refundStarPayment', () => ({
      ok: false,
      error_code: 400,
      description: 'Bad Request: BALANCE_TOO_LOW',
    }));
    await admin.send(`/refund ${chargeId}`);
    expect(admin.lastText()).toContain(
      `Telegram не выполнил возврат платежа №${paymentId}: Bad Request: BALANCE_TOO_LOW`,
    );
    expect(await balanceOf(chat.person)).toBe(100_000);
    expect((await paymentOf(chargeId)).refunded_at).toBeNull();
    expect(await refundAudit(paymentId)).toEqual([]);

    // Once Telegram agrees, the same command goes through.
    pro.telegram.reset();
    await admin.send(`/refund ${chargeId}`);
    expect(admin.lastText()).toBe(`Платёж №${paymentId} возвращён, кредиты списаны.`);
    expect(await refundAudit(paymentId)).toHaveLength(1);
  });

  it('says a payment whose payer deleted their account cannot be refunded', async () => {
    const chat = await newSpecialist();
    const chargeId = await pay(chat.person);
    const { payment_id: paymentId } = await paymentOf(chargeId);
    // What /delete_me leaves of a payment (unlinkPayments): no way back to the payer.
    await db()
      .updateTable('star_payments')
      .set({ specialist_user_id: null, payer_telegram_id: null })
      .where('payment_id', '=', paymentId)
      .execute();
    await admin.send(`/refund ${chargeId}`);
    expect(admin.lastText()).toBe(
      `Платёж №${paymentId} нельзя вернуть: аккаунт плательщика удалён.`,
    );
    expect(refundCalls()).toEqual([]);
    expect(await refundAudit(paymentId)).toEqual([]);
  });

  it('is an unknown command to someone who is not an admin, and refunds nothing', async () => {
    const chat = await newSpecialist();
    const chargeId = await pay(chat.person);
    await chat.send(`/refund ${chargeId}`);
    expect(chat.lastText()).toBe(texts.unknownCommand);
    expect(refundCalls()).toEqual([]);
    expect((await paymentOf(chargeId)).refunded_at).toBeNull();
    expect(await balanceOf(chat.person)).toBe(100_000);
  });

  it('refunds from the list’s button by the same procedure, audited alike', async () => {
    const chat = await newSpecialist();
    const chargeId = await pay(chat.person);
    const { payment_id: paymentId } = await paymentOf(chargeId);
    await admin.send(billingLabels.payments);
    expect(await admin.pressButton(billingLabels.refund(paymentId))).toBe(
      `Платёж №${paymentId} возвращён, кредиты списаны.`,
    );
    expect(refundCalls()).toEqual([
      { user_id: chat.person.id, telegram_payment_charge_id: chargeId },
    ]);
    expect(await balanceOf(chat.person)).toBe(0);
    expect(await refundAudit(paymentId)).toEqual([
      { admin_telegram_id: ADMIN.id, action: 'payment_refunded', target: String(paymentId) },
    ]);
    await admin.send(`/refund ${chargeId}`);
    expect(admin.lastText()).toBe(`Платёж №${paymentId} уже возвращён.`);
  });
});
