import { loadInstruments } from '@psycheos/screening';
import { describe, expect, it } from 'vitest';
import { newPerson } from '../src/people';
import { usePlatform } from '../src/platform';
import { errorEntries } from '../src/platform-logs';
import { createCase, openCaseCard, registerSpecialist } from '../src/pro-flows';
import { openLink } from '../src/telegram-chat';

const phq9 = loadInstruments().get('phq9');
const optionLabel = (value: number) =>
  phq9.options.find((option) => option.value === value)?.label ?? '';

describe('the platform: screening on a schedule', () => {
  const platform = usePlatform();

  it('a specialist sets a weekly PHQ-9 from today, the client agrees in screen, answers the first one, and pro reports it and shows the schedule active', async () => {
    const pro = await registerSpecialist(platform, newPerson('Ирина'));
    await createCase(pro, 'Кейс Орловой');
    await openCaseCard(pro, 'Кейс Орловой');
    await pro.press('🔁 Регулярный скрининг');
    await pro.waitForText(/^🔁 Регулярный скрининг для кейса «Кейс Орловой»\./);
    await pro.press(/^✅ GAD-7 /);
    await pro.press(/^✅ WHO-5 /);
    // Every week, from today: the chooser's defaults.
    await pro.press('✅ Назначить');
    const link = await pro.linkOf('📝 Открыть опрос');
    const forClient = await pro.waitForText(
      /^Здравствуйте! Ваш специалист предлагает вам регулярно/,
    );
    expect(forClient).toContain(link);
    expect(forClient).not.toContain('Орлов');

    // The client opens the forwarded link: screen asks for consent to the schedule.
    const client = await openLink(platform, newPerson('Клиентка'), link);
    expect(client.bot).toBe('screen');
    const consent = await client.waitForText(
      /^Здравствуйте! Ваш специалист предлагает вам регулярно/,
    );
    expect(consent).toContain('PHQ-9 — каждую неделю.');
    expect(consent).toContain('командами /pause и /stop');
    await client.press('✅ Да, присылайте');
    await pro.waitForText('✅ Клиент по кейсу «Кейс Орловой» согласился на регулярный скрининг');

    // screen's job runner sends the first questionnaire at once (SCREENING_HOURS=0-24).
    await client.waitForText(/^🔁 Пришло время регулярного опроса от вашего специалиста: PHQ-9/);
    for (const [index, value] of [1, 1, 1, 1, 0, 0, 0, 0, 0].entries()) {
      await client.waitForText(new RegExp(`вопрос ${index + 1}/9\\n`));
      await client.press(optionLabel(value));
    }
    await client.waitForText(/^Спасибо! Вы ответили на все вопросы/);

    // pro hears of it through NATS: the usual completion notice, with the score.
    const notice = await pro.waitForText(/^📊 Клиент завершил скрининг/);
    expect(notice).toContain('📊 Клиент завершил скрининг по кейсу «Кейс Орловой».');
    expect(notice).toContain('PHQ-9: 4 из 27 — минимальная');

    await openCaseCard(pro, 'Кейс Орловой');
    const card = await pro.waitForText(/^📄 Кейс: Кейс Орловой\n/);
    expect(card).toMatch(/\n🔁 PHQ-9 · каждую неделю · следующий \d\d\.\d\d · активен$/);

    const schedules = await platform.db
      .selectFrom('screening_schedules')
      .innerJoin(
        'screening_schedule_occurrences',
        'screening_schedule_occurrences.schedule_id',
        'screening_schedules.schedule_id',
      )
      .select([
        'screening_schedules.status as schedule',
        'screening_schedule_occurrences.occurrence',
        'screening_schedule_occurrences.status as questionnaire',
      ])
      .execute();
    expect(schedules).toEqual([{ schedule: 'active', occurrence: 0, questionnaire: 'completed' }]);
    expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
  });
});
