import type { UploadedFile } from '@psycheos/local-bot-api';
import { loadInstruments } from '@psycheos/screening';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN, newPerson } from '../src/people';
import { usePlatform } from '../src/platform';
import { errorEntries } from '../src/platform-logs';
import { createCase, openCaseCard, registerSpecialist } from '../src/pro-flows';
import { openLink, TelegramChat } from '../src/telegram-chat';

const phq9 = loadInstruments().get('phq9');
const optionLabel = (value: number) =>
  phq9.options.find((option) => option.value === value)?.label ?? '';

describe('the platform: screening a client', () => {
  const platform = usePlatform();

  it('the specialist sends a link, the client answers PHQ-9 in screen, and pro reports the score and the chart', async () => {
    const pro = await registerSpecialist(platform, newPerson('Марина'));
    await createCase(pro, 'Кейс Петрова');
    await openCaseCard(pro, 'Кейс Петрова');
    await pro.press('🧰 Инструменты');
    await pro.press('Скрининг');
    await pro.press(/^✅ GAD-7 /);
    await pro.press(/^✅ WHO-5 /);
    await pro.press('📨 Получить ссылку для клиента');
    const link = await pro.linkOf('📝 Открыть опрос');
    const forClient = await pro.waitForText(/^Здравствуйте! Ваш специалист приглашает вас/);
    expect(forClient).toContain(link);
    expect(forClient).not.toContain('Петров');

    // The client opens the forwarded link: the screen bot asks for consent, pro hears of it.
    const client = await openLink(platform, newPerson('Клиентка'), link);
    expect(client.bot).toBe('screen');
    const consent = await client.waitForText(/^Здравствуйте! Ваш специалист предлагает вам/);
    expect(consent).toContain('Это 9 вопросов');
    await pro.waitForText('👤 Клиент подключился к скринингу по кейсу «Кейс Петрова».');

    await client.press('✅ Да, начать');
    for (const [index, value] of [1, 1, 1, 1, 0, 0, 0, 0, 0].entries()) {
      await client.waitForText(new RegExp(`вопрос ${index + 1}/9\\n`));
      await client.press(optionLabel(value));
    }
    await client.waitForText(/^Спасибо! Вы ответили на все вопросы/);

    // Pro hears of it through NATS and tells the specialist the score, then the history's chart.
    const notice = await pro.waitForText(/^📊 Клиент завершил скрининг/);
    expect(notice).toMatch(
      /^📊 Клиент завершил скрининг по кейсу «Кейс Петрова»\.\n\nPHQ-9: 4 из 27 — минимальная\n/,
    );
    // The first result of an instrument is the baseline later ones are read against.
    expect(notice).toContain('исходный уровень');
    await openCaseCard(pro, 'Кейс Петрова');
    await pro.press('📊 Скрининги');
    const history = await pro.waitForText(/^📊 Скрининги по кейсу «Кейс Петрова» \(последние 1\)/);
    expect(history).toContain('PHQ-9: 4 из 27 — минимальная');
    const chart = (await pro.waitForCall('sendPhoto')).params;
    expect(chart.caption).toBe('Динамика баллов по кейсу «Кейс Петрова»');
    // grammY uploads the picture as a part of its own, which the photo field points to.
    const png = Object.values(chart).find(
      (value): value is UploadedFile =>
        typeof value === 'object' && value !== null && 'bytes' in value,
    );
    expect(png?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    const scores = await platform.db
      .selectFrom('screening_sessions')
      .innerJoin('screening_scores', 'screening_scores.session_id', 'screening_sessions.session_id')
      .select(['status', 'instrument_id', 'score', 'band_label'])
      .execute();
    expect(scores).toEqual([
      { status: 'completed', instrument_id: 'phq9', score: 4, band_label: 'минимальная' },
    ]);
    expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
  });

  it('a crisis answer in screen reaches the specialist in pro as an urgent alert they acknowledge, and the client is told so', async () => {
    const pro = await registerSpecialist(platform, newPerson('Олег'));
    await createCase(pro, 'Кейс Сидоровой');
    await openCaseCard(pro, 'Кейс Сидоровой');
    await pro.press('🧰 Инструменты');
    await pro.press('Скрининг');
    await pro.press(/^✅ GAD-7 /);
    await pro.press(/^✅ WHO-5 /);
    await pro.press('📨 Получить ссылку для клиента');
    const client = await openLink(
      platform,
      newPerson('Клиентка'),
      await pro.linkOf('📝 Открыть опрос'),
    );
    await client.press('✅ Да, начать');
    for (const [index, value] of [0, 0, 0, 0, 0, 0, 0, 0, 2].entries()) {
      await client.waitForText(new RegExp(`вопрос ${index + 1}/9\\n`));
      await client.press(optionLabel(value));
    }

    // Screen wrote the alert into pro's outbox; pro's sender delivered it.
    const alert = await pro.waitForText(/^🚨🚨 СРОЧНО: возможный кризис у клиента/);
    expect(alert).toContain('Кейс: «Кейс Сидоровой»');
    expect(alert).toContain('не оценка риска');
    const resources = await client.waitForText(/^Похоже, вам сейчас очень тяжело/);
    expect(resources).toContain('Мы сообщили вашему специалисту');

    // The completion notice, with buttons of its own, may already have come after the alert.
    expect(await pro.press('✅ Принято', { on: /^🚨🚨 СРОЧНО/ })).toMatch(/^✅ Принято /);
    const alerts = await platform.db
      .selectFrom('crisis_alerts')
      .innerJoin('contexts', 'contexts.context_id', 'crisis_alerts.context_id')
      .select(['trigger', 'delivery', 'acknowledged_at'])
      .where('contexts.client_ref', '=', 'Кейс Сидоровой')
      .execute();
    expect(alerts).toEqual([
      { trigger: 'phq9_item9', delivery: 'sent', acknowledged_at: expect.any(Date) },
    ]);
  });

  it('a crisis alert the specialist cannot receive reaches the admins, and /health/page pages the operator', async () => {
    const person = newPerson('Вера');
    const pro = await registerSpecialist(platform, person);
    await createCase(pro, 'Кейс Орловой');
    await openCaseCard(pro, 'Кейс Орловой');
    await pro.press('🧰 Инструменты');
    await pro.press('Скрининг');
    await pro.press(/^✅ GAD-7 /);
    await pro.press(/^✅ WHO-5 /);
    await pro.press('📨 Получить ссылку для клиента');
    const client = await openLink(
      platform,
      newPerson('Клиент'),
      await pro.linkOf('📝 Открыть опрос'),
    );
    await client.press('✅ Да, начать');
    const page = async () => {
      const response = await fetch(`${platform.gateway}/health/page`);
      return { status: response.status, body: (await response.json()) as { reasons: string[] } };
    };
    expect((await page()).body.reasons).not.toContainEqual(expect.stringContaining('crisis'));

    // The specialist has blocked pro since: Telegram refuses the alert.
    platform.telegram.respond('sendMessage', (params) =>
      params.chat_id === person.id && String(params.text).startsWith('🚨🚨')
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    try {
      for (const [index, value] of [0, 0, 0, 0, 0, 0, 0, 0, 3].entries()) {
        await client.waitForText(new RegExp(`вопрос ${index + 1}/9\\n`));
        await client.press(optionLabel(value));
      }
      const escalation = await new TelegramChat(platform, ADMIN, 'pro').waitForText(
        /^🚨 Кризисное уведомление не дошло до специалиста/,
      );
      expect(escalation).toContain('возможно, специалист заблокировал бота');
      // The gateway probes the bots at most once a second: the next rounds see the alert.
      await vi.waitFor(
        async () => {
          const answer = await page();
          expect(answer.status).toBe(503);
          expect(answer.body.reasons).toContain(
            'pro: 1 crisis alert(s) did not reach their specialist',
          );
        },
        { timeout: 30_000, interval: 500 },
      );
      // Liveness is another question: the gateway itself is well.
      expect((await fetch(`${platform.gateway}/health`)).status).toBe(200);
    } finally {
      platform.telegram.respond('sendMessage', () => undefined);
    }
  });
});
