import { createHash } from 'node:crypto';
import { createTestDatabase, type Person, type TestDatabase } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackData } from '../src/bot/callback-data';
import { labels, texts } from '../src/texts';
import { ADMIN, createInviteAsAdmin, ProChat, startProBot } from './pro-chat';

/** What a version must be: the text's SHA-256, its first 12 hex digits (not the code's helper). */
const versionOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * A specialist reads and accepts the terms before anything is stored about them, and again
 * whenever the terms change; until then pro answers with the terms, except for /delete_me,
 * payments and payment support.
 */
describe('pro bot: the specialist’s terms', () => {
  let database: TestDatabase;
  let nextPersonId = 700_000;
  const newPerson = (): Person => ({ id: ++nextPersonId, first_name: 'Мария', last_name: 'Ли' });
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  /** pro with these terms (as SPECIALIST_TERMS_TEXT is written in .env), for the test's time. */
  async function withPro(termsText: string | undefined, story: (chat: Harness) => Promise<void>) {
    const harness = await startProBot({
      database,
      env: termsText === undefined ? {} : { SPECIALIST_TERMS_TEXT: termsText },
    });
    try {
      await story({ harness, admin: new ProChat(harness, ADMIN) });
    } finally {
      await harness.close();
    }
  }
  type Harness = { harness: Awaited<ReturnType<typeof startProBot>>; admin: ProChat };

  const userOf = (person: Person) =>
    db().selectFrom('users').selectAll().where('telegram_id', '=', person.id).executeTakeFirst();
  const usesOf = async (token: string) =>
    (
      await db()
        .selectFrom('invites')
        .select('used_count')
        .where('token', '=', token)
        .executeTakeFirstOrThrow()
    ).used_count;

  it('shows a newcomer the terms on opening an invite, and stores nothing until they answer', async () => {
    await withPro(undefined, async ({ harness, admin }) => {
      const token = await createInviteAsAdmin(admin, 'новичок');
      const person = newPerson();
      const chat = new ProChat(harness, person);
      await chat.send(`/start ${token}`);

      const shown = chat.lastText();
      expect(shown).toMatch(/^📄 Прежде чем начать, прочитайте условия работы в PsycheOS Pro\./);
      for (const promise of [
        'обрабатывает модель Claude компании Anthropic PBC на серверах в США',
        'трансграничная передача данных (ст. 12 Федерального закона № 152-ФЗ',
        'только с его согласия',
        'только обезличенным',
        'рабочие гипотезы для специалиста, а не диагноз',
      ]) {
        expect(shown).toContain(promise);
      }
      expect(shown).toContain(`Версия условий: ${versionOf(texts.defaultSpecialistTerms)}.`);
      expect(chat.inlineButtons().map((button) => button.text)).toEqual([
        '✅ Принимаю',
        'Не принимаю',
      ]);
      expect(await userOf(person)).toBeUndefined();
      expect(await usesOf(token)).toBe(0);
    });
  });

  it('registers on «✅ Принимаю», storing the version, the date and that version’s text', async () => {
    await withPro(undefined, async ({ harness, admin }) => {
      const token = await createInviteAsAdmin(admin, 'принимает');
      const person = newPerson();
      const chat = new ProChat(harness, person);
      await chat.send(`/start ${token}`);
      const before = Date.now();
      await chat.pressButton('✅ Принимаю');

      expect(chat.lastText()).toBe(
        'Добро пожаловать в PsycheOS Pro, Мария Ли! Регистрация завершена.\n\nГлавное меню. Выберите действие:',
      );
      const user = await userOf(person);
      const version = versionOf(texts.defaultSpecialistTerms);
      expect(user).toMatchObject({ role: 'specialist', status: 'active', terms_version: version });
      expect(user?.terms_accepted_at?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(await usesOf(token)).toBe(1);
      const kept = await db()
        .selectFrom('specialist_terms')
        .selectAll()
        .where('version', '=', version)
        .executeTakeFirstOrThrow();
      expect(kept.text).toBe(texts.defaultSpecialistTerms);
      // The terms stay in the chat as read, without their buttons.
      expect(harness.telegram.callsTo('editMessageReplyMarkup').at(-1)?.params).toMatchObject({
        chat_id: person.id,
      });
    });
  });

  it('creates nothing on «Не принимаю», keeps the invite, and lets them accept later', async () => {
    await withPro(undefined, async ({ harness, admin }) => {
      const token = await createInviteAsAdmin(admin, 'отказывается');
      const person = newPerson();
      const chat = new ProChat(harness, person);
      await chat.send(`/start ${token}`);
      await chat.pressButton('Не принимаю');

      expect(chat.lastText()).toBe(
        'Без согласия с условиями работать в PsycheOS Pro нельзя, поэтому аккаунт не создан и ничего о вас не сохранено. Приглашение не израсходовано: если передумаете, откройте ту же ссылку ещё раз, пока не истёк её срок.',
      );
      expect(await userOf(person)).toBeUndefined();
      expect(await usesOf(token)).toBe(0);

      await chat.send(`/start ${token}`);
      await chat.pressButton('✅ Принимаю');
      expect((await userOf(person))?.role).toBe('specialist');
      expect(await usesOf(token)).toBe(1);
    });
  });

  it('asks again when the terms change, answering nothing else but /delete_me and /paysupport', async () => {
    const person = newPerson();
    await withPro('Условие первое.\\nУсловие второе.', async ({ harness, admin }) => {
      const token = await createInviteAsAdmin(admin, 'две версии');
      const chat = new ProChat(harness, person);
      await chat.send(`/start ${token}`);
      await chat.pressButton('✅ Принимаю');
      await chat.send(labels.newCase);
      await chat.send('Кейс до новых условий');
    });
    const firstVersion = versionOf('Условие первое.\nУсловие второе.');
    expect((await userOf(person))?.terms_version).toBe(firstVersion);

    const changed = 'Условие первое.\nУсловие третье.';
    await withPro('Условие первое.\\nУсловие третье.', async ({ harness }) => {
      const chat = new ProChat(harness, person);
      await chat.send(labels.myCases);
      expect(chat.lastText()).toBe(
        [
          '📄 Условия работы в PsycheOS Pro изменились. Прочитайте и примите новую версию, чтобы продолжить.',
          '',
          changed,
          '',
          `Версия условий: ${versionOf(changed)}. Без согласия с ними кейсы и инструменты недоступны.`,
        ].join('\n'),
      );
      const [theCase] = await db()
        .selectFrom('contexts')
        .select('context_id')
        .where('client_ref', '=', 'Кейс до новых условий')
        .execute();
      expect(await chat.press(callbackData.openCase(theCase?.context_id ?? ''))).toBe(
        'Сначала примите условия работы.',
      );

      // What never waits on terms: deleting one's data, and the payments' support.
      await chat.send('/delete_me');
      expect(chat.lastText()).toMatch(/^⚠️ Удалить аккаунт PsycheOS Pro и все ваши данные\?/);
      await chat.pressButton(labels.cancel);
      await chat.send('/paysupport');
      expect(chat.lastText()).toMatch(/^Вопросы по оплате звёздами Telegram\./);

      await chat.send('/start');
      await chat.pressButton('✅ Принимаю');
      expect(chat.lastText()).toBe('✅ Условия приняты.\n\nГлавное меню. Выберите действие:');
      await chat.send(labels.myCases);
      expect(chat.lastText()).toBe('📁 Ваши кейсы:');
    });
    expect((await userOf(person))?.terms_version).toBe(versionOf(changed));
    const versions = await db().selectFrom('specialist_terms').select('version').execute();
    expect(versions.map((row) => row.version)).toEqual(
      expect.arrayContaining([firstVersion, versionOf(changed)]),
    );
  });

  it('keeps the account of a specialist who declines changed terms, and asks again on the next message', async () => {
    const person = newPerson();
    await withPro(undefined, async ({ harness, admin }) => {
      const token = await createInviteAsAdmin(admin, 'отклонит новые');
      const chat = new ProChat(harness, person);
      await chat.send(`/start ${token}`);
      await chat.pressButton('✅ Принимаю');
      await chat.send(labels.newCase);
      await chat.send('Кейс остаётся');
    });
    await withPro('Новые условия.', async ({ harness }) => {
      const chat = new ProChat(harness, person);
      await chat.send('/start');
      await chat.pressButton('Не принимаю');
      expect(chat.lastText()).toBe(
        'Без согласия с условиями кейсы и инструменты недоступны. Ваш аккаунт, кейсы и баланс сохранены как есть. Чтобы принять условия, напишите боту любое сообщение. Удалить аккаунт и все данные можно командой /delete_me.',
      );
      const user = await userOf(person);
      expect(user).toMatchObject({
        status: 'active',
        terms_version: versionOf(texts.defaultSpecialistTerms),
      });
      const cases = await db()
        .selectFrom('contexts')
        .select('client_ref')
        .where('specialist_user_id', '=', user?.user_id ?? '')
        .execute();
      expect(cases).toEqual([{ client_ref: 'Кейс остаётся' }]);

      await chat.send('привет');
      expect(chat.lastText()).toMatch(/^📄 Условия работы в PsycheOS Pro изменились\./);
    });
  });

  it('asks a specialist who registered before there were terms on their next message', async () => {
    const person = newPerson();
    await db()
      .insertInto('users')
      .values({ telegram_id: person.id, role: 'specialist', username: null, full_name: 'Давний' })
      .execute();
    await withPro(undefined, async ({ harness }) => {
      const chat = new ProChat(harness, person);
      await chat.send(labels.newCase);
      expect(chat.lastText()).toMatch(
        /^📄 Прежде чем продолжить, прочитайте и примите условия работы в PsycheOS Pro\.\n\n1\. Материал/,
      );
      const state = await db()
        .selectFrom('bot_chat_state')
        .select('state')
        .where('bot_id', '=', 'pro')
        .where('chat_id', '=', person.id)
        .executeTakeFirst();
      expect(state?.state ?? null).toBeNull();
      const accepted = await db()
        .selectFrom('users')
        .select(sql<boolean>`terms_accepted_at is not null`.as('accepted'))
        .where('telegram_id', '=', person.id)
        .executeTakeFirstOrThrow();
      expect(accepted.accepted).toBe(false);
    });
  });
});
