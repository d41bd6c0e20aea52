import { buildApp as buildPro } from '@psycheos/pro/src/app';
import { crisisTexts } from '@psycheos/pro/src/crisis-texts';
import { summaryLines } from '@psycheos/pro/src/screening/results-text';
import { labels, texts } from '@psycheos/pro/src/texts';
import { ADMIN, ProChat, registerThroughInvite } from '@psycheos/pro/test/pro-chat';
import { texts as screenTexts } from '@psycheos/screen/src/texts';
import { loadInstruments } from '@psycheos/screening';
import type { ServiceHarness, TestDatabase } from '@psycheos/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientInQuestionnaire, screeningLinks } from '../src/screening-clients';
import { type Bots, startBots } from '../src/start-bots';

const phq9 = loadInstruments().get('phq9');
const optionLabel = (value: number) => phq9.options.find((o) => o.value === value)?.label ?? '';
const METRICS_TOKEN = 'crisis-alerts-metrics-token';

/**
 * A crisis alert followed up in pro: the specialist acknowledges it, the case card shows
 * what is not acknowledged, an alert Telegram refuses or cannot deliver in time goes to
 * the admins, and an operator sees undelivered alerts on /health and /metrics.
 */
describe('pro bot: following up a crisis alert', () => {
  let database: TestDatabase;
  let pro: ServiceHarness;
  let screen: ServiceHarness;
  let nextPerson = 640_000;
  let bots: Bots<'pro' | 'screen'>;

  beforeAll(async () => {
    bots = await startBots({
      bots: ['pro', 'screen'],
      nats: false,
      settings: {
        pro: {
          buildApp: (deps) =>
            buildPro(deps, { alertEscalation: { escalateAfterSeconds: 2, everyMs: 200 } }),
          env: { METRICS_TOKEN },
        },
      },
    });
    ({ database, pro, screen } = bots);
  });
  afterAll(async () => {
    await bots?.close();
  });
  beforeEach(() => {
    pro.telegram.respond('sendMessage', () => undefined);
  });

  /** A specialist with a case, and a client who answers PHQ-9's ninth question `value`. */
  async function clientAnsweringItem9(value: number, options: { waitForAlert?: boolean } = {}) {
    const specialist = await registerThroughInvite(pro, { id: ++nextPerson, first_name: 'Лена' });
    const caseName = `Кейс ${nextPerson}`;
    await specialist.send(labels.newCase);
    await specialist.send(caseName);
    const [token = ''] = await screeningLinks(specialist, caseName, 1);
    const client = await clientInQuestionnaire(screen, token, { id: ++nextPerson });
    for (let i = 0; i < 8; i++) await client.pressButton(optionLabel(0));
    await client.pressButton(optionLabel(value));
    if (options.waitForAlert !== false) await pro.repliesSent();
    return { specialist, client, caseName };
  }

  /** The admin's message about this alert, once the escalation watch has sent it. */
  const escalationTo = (admin: ProChat, alertId: number | undefined) =>
    vi.waitFor(
      () => {
        const found = admin.texts().find((text) => text.includes(`№${alertId} `));
        expect(found).toBeDefined();
        return found ?? '';
      },
      { timeout: 15_000 },
    );

  const alertRows = () =>
    database.db.selectFrom('crisis_alerts').selectAll().orderBy('alert_id', 'desc').execute();

  it('records who pressed «✅ Принято» and when, and keeps the way to the case under the alert', async () => {
    const { specialist, caseName } = await clientAnsweringItem9(2);
    const alert = specialist.texts().find((text) => text.startsWith('🚨🚨 СРОЧНО'));
    expect(alert).toContain(`«${caseName}»`);
    expect(alert).toContain('не оценка риска');
    const when = alert?.match(/^Когда: (\d\d)\.(\d\d)\.(\d{4}), (\d\d):(\d\d) \(МСК\)$/m);
    expect(when, 'the alert shows when it was raised').toBeTruthy();

    const answer = await specialist.pressButton(screenTexts.alertAcknowledge);
    expect(answer).toMatch(/^✅ Принято /);
    const [row] = await alertRows();
    // The time the alert was raised, in Moscow time (UTC+3 all year), to the minute.
    const [day, month, year, hour, minute] = (when ?? []).slice(1).map(Number);
    const shown = Date.UTC(year ?? 0, (month ?? 0) - 1, day, (hour ?? 0) - 3, minute);
    const raised = row?.created_at.getTime() ?? 0;
    expect(raised - shown).toBeGreaterThanOrEqual(0);
    expect(raised - shown).toBeLessThan(60_000);
    expect(row?.acknowledged_at).toBeInstanceOf(Date);
    expect(row?.acknowledged_by).toBe(
      (
        await database.db
          .selectFrom('users')
          .select('user_id')
          .where('telegram_id', '=', specialist.person.id)
          .executeTakeFirstOrThrow()
      ).user_id,
    );
    // The alert's edit is the newest (accepting the terms at registration edited another).
    const edited = pro.telegram
      .callsTo('editMessageReplyMarkup')
      .filter((call) => call.params.chat_id === specialist.person.id)
      .map(
        (call) =>
          call.params.reply_markup as {
            inline_keyboard: { text: string; callback_data: string }[][];
          },
      )
      .at(-1);
    const [kept] = edited?.inline_keyboard.flat() ?? [];
    expect(kept?.text).toBe(crisisTexts.acknowledgedButton);
    await specialist.press(kept?.callback_data ?? '');
    expect(specialist.lastText()).toContain(`📄 Кейс: ${caseName}`);
    expect(specialist.lastText()).not.toContain('не отметили');
  });

  it('shows the case’s unacknowledged alerts first on its card, and lets them be acknowledged there', async () => {
    const { specialist, caseName } = await clientAnsweringItem9(1);
    const [row] = await alertRows();
    await specialist.send(labels.myCases);
    await specialist.pressButton(caseName);
    expect(specialist.lastText().split('\n')[0]).toBe(
      '🚨 Кризисные уведомления, которые вы ещё не отметили:',
    );
    expect(specialist.lastText()).toContain(`№${row?.alert_id}`);
    await specialist.pressButton(crisisTexts.acknowledgeButton(row?.alert_id ?? 0));
    expect(specialist.lastText().startsWith(`📄 Кейс: ${caseName}`)).toBe(true);
  });

  it('answers «not found» to someone else’s alert and records nothing', async () => {
    await clientAnsweringItem9(1);
    const [row] = await alertRows();
    const stranger = await registerThroughInvite(pro, { id: ++nextPerson, first_name: 'Ира' });
    expect(await stranger.press(`crisis:ack:${row?.alert_id}`)).toBe(crisisTexts.alertNotFound);
    expect((await alertRows())[0]?.acknowledged_at).toBeNull();
  });

  it('tells the admins, with the case id and not the client’s words, when Telegram refuses the alert', async () => {
    const specialistId = nextPerson + 1;
    pro.telegram.respond('sendMessage', (params) =>
      params.chat_id === specialistId && String(params.text).startsWith('🚨🚨')
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    await clientAnsweringItem9(3);
    const [row] = await alertRows();
    expect(row?.delivery).toBe('failed');
    const admin = new ProChat(pro, ADMIN);
    const escalation = await escalationTo(admin, row?.alert_id);
    expect(escalation).toContain(`Кейс: ${row?.context_id}`);
    expect(escalation).toContain(crisisTexts.escalationRefused);
    // Nothing assumes who the specialist is: «попросите связаться», not «чтобы он связался».
    expect(escalation).toContain(
      'Свяжитесь со специалистом другим способом и попросите как можно скорее связаться с клиентом.',
    );
    expect(escalation).not.toContain('Кейс ');
    expect((await alertRows())[0]?.escalated_at).toBeInstanceOf(Date);

    const health = (await pro.app.inject({ method: 'GET', url: '/health' })).json();
    expect(health.status).toBe('degraded');
    expect(health.crisis_alerts_undelivered).toBeGreaterThanOrEqual(1);
    expect(health.problems.join('\n')).toMatch(/crisis alert\(s\) did not reach their specialist/);
    const metrics = await pro.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.body).toMatch(/psycheos_crisis_alerts_undelivered\{[^}]*\} [1-9]/);
  });

  it('tells the admins when an alert is still not delivered after the escalation window', async () => {
    const specialistId = nextPerson + 1;
    // The Bot API keeps failing for this chat: the alert waits and is retried, never sent.
    pro.telegram.respond('sendMessage', (params) =>
      params.chat_id === specialistId && String(params.text).startsWith('🚨🚨')
        ? { ok: false, error_code: 500, description: 'Internal Server Error' }
        : undefined,
    );
    await clientAnsweringItem9(1, { waitForAlert: false });
    const [row] = await alertRows();
    const admin = new ProChat(pro, ADMIN);
    const escalation = await escalationTo(admin, row?.alert_id);
    expect(escalation).toContain(crisisTexts.escalationLate(1));
    // Escalated once, however often the watch looks.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(admin.texts().filter((text) => text.includes(`№${row?.alert_id} `))).toHaveLength(1);
  });

  it('tells the specialist when the client changes the answer, and the summary does not contradict the alert', async () => {
    const { specialist, client, caseName } = await clientAnsweringItem9(2);
    await client.pressButton(screenTexts.continueNow);
    await client.pressButton(screenTexts.back);
    await client.pressButton(optionLabel(0));
    for (let i = 0; i < 40 && !client.texts().includes(screenTexts.thankYou); i++) {
      const [first] = client.buttons();
      if (!first?.callback_data) break;
      await client.press(first.callback_data);
    }
    expect(client.texts()).toContain(screenTexts.thankYou);
    await pro.repliesSent();
    expect(specialist.lastText()).toContain(
      `Клиент по кейсу «${caseName}» изменил ответ на вопрос 9`,
    );

    const session = await database.db
      .selectFrom('screening_sessions')
      .innerJoin('contexts', 'contexts.context_id', 'screening_sessions.context_id')
      .select('screening_sessions.session_id')
      .where('contexts.client_ref', '=', caseName)
      .executeTakeFirstOrThrow();
    const lines = await summaryLines(database.db, loadInstruments(), session.session_id);
    expect(lines).toContain(texts.screeningChangedRiskLine('PHQ-9', 9, optionLabel(0)));
  });
});
