import { describe, expect, it } from 'vitest';
import { ADMIN, newPerson } from '../src/people';
import { usePlatform } from '../src/platform';
import { errorEntries } from '../src/platform-logs';
import { createCase, openTool, registerSpecialist } from '../src/pro-flows';
import { linkIn, openLink, TelegramChat } from '../src/telegram-chat';

describe('the platform: joining by invitation', () => {
  const platform = usePlatform();

  it('an admin invites a specialist, who opens the link, accepts the terms and creates a case', async () => {
    const admin = new TelegramChat(platform, ADMIN, 'pro');
    await admin.send('/admin');
    await admin.waitForText(/^🛠 Админ-панель/);
    await admin.send('🔗 Создать приглашение');
    await admin.waitForText(/^Кому приглашение\?/);
    await admin.send('Лена из супервизионной группы');
    const invite = await admin.waitForText(/^🔗 Приглашение создано/);
    const link = linkIn(invite);
    expect(link).toMatch(/^https:\/\/t\.me\/psycheos_test_\d+_bot\?start=[0-9a-f]{16}$/);

    const lena = newPerson('Лена');
    const pro = await openLink(platform, lena, link);
    const terms = await pro.waitForText(/^📄 Прежде чем начать, прочитайте условия работы/);
    expect(terms).toContain('Без согласия с ними кейсы и инструменты недоступны.');
    await pro.press('✅ Принимаю');
    await pro.waitForText('Добро пожаловать в PsycheOS Pro, Лена! Регистрация завершена.');
    await pro.send('➕ Новый кейс');
    await pro.waitForText(/^Как назовём кейс\?/);
    await pro.send('Кейс Иванова');
    await pro.waitForText('✅ Кейс «Кейс Иванова» создан.');

    const specialist = await platform.db
      .selectFrom('users')
      .select(['user_id', 'role', 'status'])
      .where('telegram_id', '=', lena.id)
      .executeTakeFirstOrThrow();
    expect(specialist).toMatchObject({ role: 'specialist', status: 'active' });
    const invites = await platform.db.selectFrom('invites').selectAll().execute();
    expect(invites).toHaveLength(1);
    expect(invites[0]).toMatchObject({ used_count: 1, used_by_user_id: specialist.user_id });
    const cases = await platform.db
      .selectFrom('contexts')
      .select(['client_ref', 'specialist_user_id'])
      .execute();
    expect(cases).toEqual([{ client_ref: 'Кейс Иванова', specialist_user_id: specialist.user_id }]);
    expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
  });

  it('a specialist whose accepted terms are no longer the ones pro runs with is refused by a tool until they accept them in pro', async () => {
    const person = newPerson('Лев');
    const pro = await registerSpecialist(platform, person);
    await createCase(pro, 'Кейс Л.');
    const tool = await openTool(pro, 'Кейс Л.', 'Интерпретатор');
    // As if pro had since started with new terms: what they accepted is an earlier version.
    await platform.db
      .updateTable('users')
      .set({ terms_version: 'an-earlier-version' })
      .where('telegram_id', '=', person.id)
      .execute();

    // The tool reads the version pro recorded, not its own idea of it, and sends nothing on.
    await tool.send('Материал для разбора.');
    await tool.waitForText(/^📄 Чтобы пользоваться инструментом, примите актуальные условия/);

    await pro.send('/start');
    await pro.waitForText(/^📄/);
    await pro.press('✅ Принимаю');
    await tool.send('Материал для разбора.');
    expect(await tool.waitForText(/^(?!📄 Чтобы пользоваться инструментом)/)).not.toMatch(
      /примите актуальные условия/,
    );
    expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
  });
});
