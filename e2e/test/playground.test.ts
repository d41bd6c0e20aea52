import { loadInstruments } from '@psycheos/screening';
import { describe, expect, it } from 'vitest';
import { errorEntries } from '../src/platform-logs';
import { useNewcomerStart } from '../src/playground/newcomer-start';
import { loadedWidth, PlaygroundPage } from '../src/playground/playground-page';

/** The playground's people, as its person switcher names them. */
const ADMIN = 'Админ';
const MARIA = 'Мария (специалист)';
const IVAN = 'Иван (клиент)';
const MARIA_ID = 700_000_002;
const CASE = 'Иван П.';
const CASE_CARD = /^📄 Кейс: Иван П\.\s/;

const phq9 = loadInstruments().get('phq9');
const optionLabel = (value: number) =>
  phq9.options.find((option) => option.value === value)?.label ?? '';
/** A mild week: items 1-4 «Несколько дней», the rest (item 9 too) «Ни разу»: 4 of 27. */
const ANSWERS = [1, 1, 1, 1, 0, 0, 0, 0, 0];

/** A look at something the page loads by itself (a photo, the dashboard), not a bot's reply. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * A newcomer's first sitting with `npm start` and no Telegram: the playground in Chromium,
 * every step only by clicking and typing in the page, as the admin, the specialist and the
 * client in turn. The steps build on each other, in order; each leaves a screenshot in
 * e2e/.artifacts/playground-<step>-<what>.png to look at.
 */
describe('the playground: PsycheOS tried in a browser with no Telegram and no AI key', () => {
  const started = useNewcomerStart();
  let playground: PlaygroundPage;
  /** The screening link Мария got for her client, which she would forward to him. */
  let linkForIvan = '';

  it('the admin opens PsycheOS Pro, makes an invitation for Мария and sees its link', async () => {
    playground = await PlaygroundPage.open(started.browser, started.pageUrl);
    await playground.byTestId('first-steps').getByText('Первые шаги').waitFor();
    await playground.beAs(ADMIN);
    await playground.openBot('PsycheOS Pro');
    await playground.send('/start');
    expect(await playground.waitForMessage(/^PsycheOS Pro — рабочее пространство/)).toContain(
      'Вы администратор: команда /admin открывает панель управления.',
    );
    await playground.send('/admin');
    await playground.waitForMessage(/^🛠 Админ-панель/);
    await playground.pressReplyButton('🔗 Создать приглашение');
    await playground.waitForMessage(/^Кому приглашение\?/);
    await playground.send('Мария');

    const invitation = await playground.waitForMessage(/^🔗 Приглашение создано/);
    expect(invitation).toMatch(/\nhttps:\/\/t\.me\/psycheos_pro_bot\?start=\S+$/);
    const invites = await started.db.selectFrom('invites').select(['note', 'created_by']).execute();
    expect(invites).toEqual([{ note: 'Мария', created_by: 700_000_001 }]);
    await playground.screenshot(1, 'invitation');
  });

  it('Мария opens the invitation from the first steps, accepts the terms and is registered', async () => {
    await playground.beAs(MARIA);
    await playground.firstStep('Открыть приглашение как Мария');
    await playground.chatTitle('PsycheOS Pro').waitFor();
    await playground.waitForMessage(/^📄 Прежде чем начать, прочитайте условия работы/);
    await playground.press('✅ Принимаю');

    await playground.waitForMessage(
      /^Добро пожаловать в PsycheOS Pro, Мария! Регистрация завершена/,
    );
    // The menu's keyboard appears under the chat after the welcome, which stays in sight.
    await playground.byTestId('reply-keyboard').getByText('➕ Новый кейс').waitFor();
    await expect.poll(() => playground.isNewestMessageInView(), { timeout: 5_000 }).toBe(true);
    const maria = await started.db
      .selectFrom('users')
      .select(['role', 'status', 'terms_accepted_at'])
      .where('telegram_id', '=', MARIA_ID)
      .executeTakeFirst();
    expect(maria).toEqual({
      role: 'specialist',
      status: 'active',
      terms_accepted_at: expect.any(Date),
    });
    await playground.screenshot(2, 'registered');
  });

  it('Мария creates a case and gets a PHQ-9 link for her client', async () => {
    await playground.pressReplyButton('➕ Новый кейс');
    await playground.waitForMessage(/^Как назовём кейс\?/);
    await playground.send(CASE);
    await playground.waitForMessage(/^✅ Кейс «Иван П\.» создан\./);
    await playground.press('📄 Открыть карточку');
    await playground.waitForMessage(CASE_CARD);
    await playground.press('🧰 Инструменты');
    await playground.press('Скрининг');
    await playground.waitForMessage(/^📝 Скрининг для кейса «Иван П\.»/);
    // Each untick is drawn again before the next press: the keyboard is the choice so far.
    await playground.press(/^✅ GAD-7 /);
    await playground.inlineButton(/^⬜️ GAD-7 /).waitFor();
    await playground.press(/^✅ WHO-5 /);
    await playground.inlineButton(/^⬜️ WHO-5 /).waitFor();
    await playground.press('📨 Получить ссылку для клиента');

    expect(await playground.waitForMessage(/^🔗 Скрининг для кейса/)).toMatch(
      /^🔗 Скрининг для кейса «Иван П\.»: PHQ-9\.\n/,
    );
    const forClient = await playground.waitForMessage(/^Здравствуйте! Ваш специалист приглашает/);
    expect(forClient).not.toContain(CASE);
    linkForIvan = forClient.match(/https:\/\/t\.me\/psycheos_screen_bot\?start=\S+$/)?.[0] ?? '';
    expect(linkForIvan, 'the link in the message for the client').not.toBe('');
    await playground.inlineButton('📝 Открыть опрос').waitFor();
    await playground.screenshot(3, 'screening-link');
  });

  it('Иван pastes the link he was forwarded, consents in the screen bot and answers PHQ-9 with buttons', async () => {
    await playground.beAs(IVAN);
    await playground.openLink(linkForIvan);
    await playground.chatTitle('Скрининг').waitFor();
    expect(
      await playground.waitForMessage(/^Здравствуйте! Ваш специалист предлагает вам/),
    ).toContain('Это 9 вопросов');
    await playground.press('✅ Да, начать');
    for (const [index, value] of ANSWERS.entries()) {
      const question = new RegExp(`вопрос ${index + 1}/9\\s`);
      await playground.waitForMessage(question);
      await playground.press(optionLabel(value), { on: question });
    }

    await playground.waitForMessage(/^Спасибо! Вы ответили на все вопросы/);
    const scores = await started.db
      .selectFrom('screening_scores')
      .select(['instrument_id', 'score', 'band_label'])
      .execute();
    expect(scores).toEqual([{ instrument_id: 'phq9', score: 4, band_label: 'минимальная' }]);
    await playground.screenshot(4, 'answered');
  });

  it('Мария sees the score in pro, the chart as a photo, and the case in the dashboard beside the chat', async () => {
    await playground.beAs(MARIA);
    await playground.openBot('PsycheOS Pro');
    expect(await playground.waitForMessage(/^📊 Клиент завершил скрининг/)).toMatch(
      /^📊 Клиент завершил скрининг по кейсу «Иван П\.»\.\n\nPHQ-9: 4 из 27 — минимальная\n/,
    );
    await playground.pressReplyButton('📁 Мои кейсы');
    await playground.press(CASE);
    await playground.waitForMessage(CASE_CARD);
    await playground.press('📊 Скрининги');
    expect(await playground.waitForMessage(/^📊 Скрининги по кейсу «Иван П\.»/)).toContain(
      'PHQ-9: 4 из 27 — минимальная',
    );
    const chart = await playground.waitForPhoto(/^Динамика баллов по кейсу «Иван П\.»/);
    await expect.poll(() => loadedWidth(chart), { timeout: LOAD_TIMEOUT_MS }).toBeGreaterThan(0);
    await playground.screenshot(5, 'chart');

    await playground.pressReplyButton('📊 Панель');
    await playground.press('📊 Открыть панель');
    await playground.byTestId('web-app-panel').waitFor();
    await playground.webApp().getByText(CASE).first().waitFor({ timeout: LOAD_TIMEOUT_MS });
    await playground.screenshot(5, 'dashboard');
  });

  it('Мария opens the Интерпретатор for the case and is told that AI is not configured', async () => {
    await playground.byTestId('web-app-close').click();
    await playground.press('🧰 Инструменты', { on: CASE_CARD });
    await playground.press('Интерпретатор');
    await playground.press('▶️ Открыть «Интерпретатор»');

    await playground.chatTitle('Интерпретатор').waitFor();
    await playground.waitForMessage(/^Интерпретатор открыт для кейса «Иван П\.»/);
    expect(await playground.waitForMessage(/^ИИ не настроен/)).toMatch(
      /^ИИ не настроен на этом сервере: администратор не указал ключ Anthropic/,
    );
    await playground.screenshot(6, 'no-ai-key');
  });

  it('keeps the chats over a reload, and «Начать заново» empties them once confirmed', async () => {
    await playground.page.reload();
    await playground.chatTitle(`вы: ${MARIA}`).waitFor();
    await playground.waitForMessage(/^ИИ не настроен/);
    await playground.openBot('PsycheOS Pro');
    await playground.waitForMessage(/^📊 Клиент завершил скрининг/);
    await playground.screenshot(7, 'reloaded');

    playground.page.once('dialog', (dialog) => void dialog.accept());
    await playground.byTestId('reset').click();
    await playground.byTestId('start-hint').waitFor();
    expect(await playground.byTestId('message').count()).toBe(0);
    await playground.beAs(ADMIN);
    await playground.byTestId('start-hint').waitFor();
    expect(await playground.byTestId('message').count()).toBe(0);
    // What the bots stored is theirs: Мария is still registered.
    const maria = await started.db
      .selectFrom('users')
      .select('status')
      .where('telegram_id', '=', MARIA_ID)
      .executeTakeFirst();
    expect(maria).toEqual({ status: 'active' });
    await playground.screenshot(7, 'started-over');

    expect(playground.problems, 'neither the page nor the dashboard in it logged an error').toEqual(
      [],
    );
    expect(errorEntries(started.run.lines), 'no process logged an error').toEqual([]);
  });
});
