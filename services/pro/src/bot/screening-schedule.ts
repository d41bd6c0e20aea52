import { createLaunchToken, findBotUsername } from '@psycheos/db';
import { enqueueJob } from '@psycheos/jobs';
import type { Clock } from '@psycheos/platform';
import type { InstrumentCatalogue } from '@psycheos/screening';
import { SCHEDULE_TASK, scheduleJobKey } from '@psycheos/screening';
import { Composer, InlineKeyboard } from 'grammy';
import { type Case, findOwnCase } from '../data/cases';
import {
  caseClientIds,
  caseSchedules,
  createSchedule,
  findOwnSchedule,
  isLive,
  type Schedule,
  shownSchedules,
  stopSchedule,
} from '../data/schedules';
import { dayMonth } from '../dates';
import {
  SCHEDULE_CADENCES,
  SCHEDULE_STARTS,
  type ScheduleStartDays,
  scheduleLabels,
  scheduleTexts,
} from '../schedule-texts';
import { scheduleLine, titlesOf } from '../screening/schedule-lines';
import { labels, texts, toolTitles } from '../texts';
import { callbackData, type ScheduleChoice, schedulePattern } from './callback-data';
import { isActiveSpecialist, type ProContext, specialistId } from './context';
import { maskOf } from './screening';

const DAY_MS = 24 * 60 * 60 * 1_000;

/**
 * «🔁 Регулярный скрининг» on the case card: the case's schedules and where each stands,
 * «⏹ Остановить» for each that is not stopped, and, while someone can still get one, the
 * chooser: questionnaires (toggles, as for a link), every 1, 2 or 4 weeks, from today,
 * tomorrow or in a week. «✅ Назначить» offers it to each client the case has, in their chat
 * with screen (a job screen runs: the words are screen's); a case with no client yet gets a
 * link to forward, like a screening link. One schedule not stopped per case and client.
 * Every button re-checks that the case or schedule is the presser's own.
 */
export function screeningSchedule(
  catalogue: InstrumentCatalogue,
  clock: Clock,
): Composer<ProContext> {
  const composer = new Composer<ProContext>();
  const specialist = composer.filter(isActiveSpecialist);
  const all = catalogue.all;
  const defaultChoice: ScheduleChoice = {
    mask: maskOf(
      all.map((i) => i.id),
      catalogue.defaultSelection(),
    ),
    cadenceDays: 7,
    startDays: 0,
  };
  const chosenOf = (mask: number) =>
    all.filter((_, index) => (mask & (1 << index)) !== 0).map((i) => i.id);

  /** The schedule screen: the state lines, the chooser when a schedule can be made, stops. */
  const view = async (ctx: ProContext, theCase: Case, choice: ScheduleChoice) => {
    const schedules = await caseSchedules(ctx.db, theCase.context_id);
    const live = schedules.filter(isLive);
    const lines = shownSchedules(schedules).map((s) => scheduleLine(catalogue, s));
    const keyboard = new InlineKeyboard();
    const canMake = (await scheduleTargets(ctx, theCase, live)) !== null;
    if (canMake) addChooser(keyboard, theCase.context_id, choice);
    live.forEach((schedule, index) => {
      const caption =
        live.length > 1 ? scheduleLabels.stopNumbered(index + 1) : scheduleLabels.stop;
      keyboard.text(caption, callbackData.stopSchedule(schedule.schedule_id)).row();
    });
    keyboard.text(labels.backToCard, callbackData.openCase(theCase.context_id));
    const text = canMake
      ? scheduleTexts.chooser(theCase.client_ref, lines)
      : scheduleTexts.overview(theCase.client_ref, lines);
    return { text, keyboard };
  };

  const addChooser = (keyboard: InlineKeyboard, caseId: string, choice: ScheduleChoice) => {
    all.forEach((instrument, index) => {
      const isChosen = (choice.mask & (1 << index)) !== 0;
      keyboard
        .text(
          texts.screeningOption(isChosen, instrument.title, instrument.measures),
          callbackData.chooseSchedule(caseId, { ...choice, mask: choice.mask ^ (1 << index) }),
        )
        .row();
    });
    for (const cadenceDays of SCHEDULE_CADENCES) {
      keyboard.text(
        scheduleTexts.cadenceOption(cadenceDays === choice.cadenceDays, cadenceDays),
        callbackData.chooseSchedule(caseId, { ...choice, cadenceDays }),
      );
    }
    keyboard.row();
    for (const startDays of SCHEDULE_STARTS) {
      keyboard.text(
        scheduleTexts.startOption(startDays === choice.startDays, startDays),
        callbackData.chooseSchedule(caseId, { ...choice, startDays }),
      );
    }
    keyboard.row().text(scheduleLabels.make, callbackData.makeSchedule(caseId, choice)).row();
  };

  specialist.callbackQuery(schedulePattern, async (ctx) => {
    const [, action, id = '', maskText, cadenceText, startText] = ctx.match;
    if (action === 'stop') {
      const schedule = await findOwnSchedule(ctx.db, specialistId(ctx), id);
      const theCase =
        schedule && (await findOwnCase(ctx.db, specialistId(ctx), schedule.context_id));
      if (!schedule || !theCase) {
        return void (await ctx.answerCallbackQuery({ text: scheduleTexts.notFound }));
      }
      await stopSchedule(ctx.db, schedule.schedule_id, 'specialist', clock.now());
      await ctx.answerCallbackQuery();
      const shown = await view(ctx, theCase, defaultChoice);
      await ctx.editMessageText(shown.text, { reply_markup: shown.keyboard });
      return;
    }
    const theCase = await findOwnCase(ctx.db, specialistId(ctx), id);
    if (!theCase) return void (await ctx.answerCallbackQuery({ text: texts.caseNotFound }));
    if (theCase.status !== 'active') {
      return void (await ctx.answerCallbackQuery({ text: texts.caseIsArchived }));
    }
    const choice: ScheduleChoice =
      action === 'open'
        ? defaultChoice
        : {
            mask: Number(maskText ?? 0) & ((1 << all.length) - 1),
            cadenceDays: Number(cadenceText) as ScheduleChoice['cadenceDays'],
            startDays: Number(startText) as ScheduleStartDays,
          };
    if (action !== 'make') {
      await ctx.answerCallbackQuery();
      const shown = await view(ctx, theCase, choice);
      await ctx.editMessageText(shown.text, { reply_markup: shown.keyboard });
      return;
    }
    const instruments = chosenOf(choice.mask);
    if (instruments.length === 0) {
      return void (await ctx.answerCallbackQuery({ text: scheduleTexts.nothingChosen }));
    }
    const live = (await caseSchedules(ctx.db, theCase.context_id)).filter(isLive);
    const targets = await scheduleTargets(ctx, theCase, live);
    if (targets === null) {
      return void (await ctx.answerCallbackQuery({
        text: scheduleTexts.alreadyScheduled,
        show_alert: true,
      }));
    }
    const startsAt = new Date(clock.now().getTime() + choice.startDays * DAY_MS);
    const summary = scheduleTexts.summary(
      titlesOf(catalogue, instruments),
      choice.cadenceDays,
      dayMonth(startsAt),
    );
    const made = { instruments, cadenceDays: choice.cadenceDays, startsAt };
    if (targets.length > 0) {
      for (const clientUserId of targets) {
        const schedule = await createSchedule(ctx.db, {
          ...made,
          contextId: theCase.context_id,
          clientUserId,
          inviteToken: null,
        });
        // screen's runner puts the consent in the client's chat, in its own words.
        await enqueueJob(ctx.db, {
          task: SCHEDULE_TASK.offer,
          payload: { scheduleId: schedule.schedule_id },
          key: scheduleJobKey.offer(schedule.schedule_id),
        });
      }
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(scheduleTexts.offered(theCase.client_ref, summary), {
        reply_markup: new InlineKeyboard().text(
          labels.backToCard,
          callbackData.openCase(theCase.context_id),
        ),
      });
      return;
    }
    const username = await findBotUsername(ctx.db, 'screen');
    if (!username) {
      return void (await ctx.answerCallbackQuery({
        text: texts.toolUnavailable(toolTitles.screen),
        show_alert: true,
      }));
    }
    // A link nobody opened yet gives way to the new one.
    for (const waiting of live) {
      await stopSchedule(ctx.db, waiting.schedule_id, 'replaced', clock.now());
    }
    const token = await createLaunchToken(ctx.db, {
      botId: 'screen',
      specialistUserId: theCase.specialist_user_id,
      contextId: theCase.context_id,
    });
    await createSchedule(ctx.db, {
      ...made,
      contextId: theCase.context_id,
      clientUserId: null,
      inviteToken: token,
    });
    const link = `https://t.me/${username}?start=${token}`;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(scheduleTexts.linkForSpecialist(theCase.client_ref, summary));
    // A message of its own, to forward as it is: no label, a button to open the bot.
    await ctx.reply(scheduleTexts.linkForClient(link), {
      link_preview_options: { is_disabled: true },
      reply_markup: new InlineKeyboard().url(labels.openScreening, link),
    });
  });

  return composer;
}

/**
 * Who a new schedule would be for: the case's clients who have none that is not stopped;
 * [] for a case with no client yet (a link, replacing one still unopened); null when every
 * client of the case has one already.
 */
async function scheduleTargets(
  ctx: ProContext,
  theCase: Case,
  live: readonly Schedule[],
): Promise<string[] | null> {
  const clients = await caseClientIds(ctx.db, theCase.context_id);
  if (clients.length === 0) return [];
  const without = clients.filter((id) => !live.some((s) => s.client_user_id === id));
  return without.length > 0 ? without : null;
}
