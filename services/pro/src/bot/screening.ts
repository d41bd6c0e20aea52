import { deferRenderedCall, TELEGRAM_MESSAGE_LIMIT } from '@psycheos/bot-runtime';
import { createLaunchToken, findBotUsername } from '@psycheos/db';
import type { InstrumentCatalogue } from '@psycheos/screening';
import { Composer, InlineKeyboard } from 'grammy';
import { changeTexts } from '../change-texts';
import { findOwnCase } from '../data/cases';
import { resultTrails } from '../data/screening-trails';
import { completedScreenings, findOwnSession, saveScreeningInvite } from '../data/screenings';
import { baselineKey, briefChange, trailsThroughHistory } from '../screening/change-text';
import { SCREENING_CHART_CALL } from '../screening/chart-reply';
import { renderAnswers, scoreLine } from '../screening/results-text';
import { labels, texts, toolTitles } from '../texts';
import { callbackData, screeningPattern } from './callback-data';
import { isActiveSpecialist, type ProContext, specialistId } from './context';

const HISTORY_LINES = 10;

/**
 * The specialist's side of screening: choosing the questionnaires for a link (toggle
 * buttons over the deployment's instruments, all on by default), the link as a message
 * of its own to forward (the case's label only in the message addressed to the
 * specialist), a session's answers item by item, and the case's history with its chart,
 * each result read against its client's first and previous ones.
 * Every button re-checks that the case or session is the presser's own.
 */
export function screening(catalogue: InstrumentCatalogue): Composer<ProContext> {
  const composer = new Composer<ProContext>();
  const specialist = composer.filter(isActiveSpecialist);
  const all = catalogue.all;
  const defaultMask = maskOf(
    all.map((i) => i.id),
    catalogue.defaultSelection(),
  );

  const chooser = (caseId: string, name: string, mask: number) => {
    const keyboard = new InlineKeyboard();
    all.forEach((instrument, index) => {
      const isChosen = (mask & (1 << index)) !== 0;
      keyboard
        .text(
          texts.screeningOption(isChosen, instrument.title, instrument.measures),
          callbackData.chooseScreening(caseId, mask ^ (1 << index)),
        )
        .row();
    });
    keyboard
      .text(labels.getScreeningLink, callbackData.sendScreening(caseId, mask))
      .row()
      .text(labels.backToCard, callbackData.openCase(caseId));
    return { text: texts.chooseScreening(name), keyboard };
  };

  specialist.callbackQuery(/^tool:screen:(.+)$/, async (ctx) => {
    const found = await findOwnCase(ctx.db, specialistId(ctx), ctx.match[1] ?? '');
    if (!found) return void (await ctx.answerCallbackQuery({ text: texts.caseNotFound }));
    if (found.status !== 'active') {
      return void (await ctx.answerCallbackQuery({ text: texts.caseIsArchived }));
    }
    await ctx.answerCallbackQuery();
    const view = chooser(found.context_id, found.client_ref, defaultMask);
    await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
  });

  specialist.callbackQuery(screeningPattern, async (ctx) => {
    const [, action, id = '', maskText] = ctx.match;
    if (action === 'answers') {
      const session = await findOwnSession(ctx.db, specialistId(ctx), id);
      if (session?.status !== 'completed') {
        return void (await ctx.answerCallbackQuery({ text: texts.screeningNotFound }));
      }
      await ctx.answerCallbackQuery();
      for (const message of await renderAnswers(ctx.db, catalogue, session.session_id)) {
        await ctx.reply(message);
      }
      return;
    }
    const found = await findOwnCase(ctx.db, specialistId(ctx), id);
    if (!found) return void (await ctx.answerCallbackQuery({ text: texts.caseNotFound }));
    if (action === 'history') {
      await ctx.answerCallbackQuery();
      await showHistory(ctx, catalogue, found);
      return;
    }
    if (found.status !== 'active') {
      return void (await ctx.answerCallbackQuery({ text: texts.caseIsArchived }));
    }
    const mask = Number(maskText ?? 0) & ((1 << all.length) - 1);
    if (action === 'choose') {
      await ctx.answerCallbackQuery();
      const view = chooser(found.context_id, found.client_ref, mask);
      await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
      return;
    }
    const chosen = all.filter((_, index) => (mask & (1 << index)) !== 0);
    if (chosen.length === 0) {
      return void (await ctx.answerCallbackQuery({ text: texts.screeningNothingChosen }));
    }
    const username = await findBotUsername(ctx.db, 'screen');
    if (!username) {
      return void (await ctx.answerCallbackQuery({
        text: texts.toolUnavailable(toolTitles.screen),
        show_alert: true,
      }));
    }
    const token = await createLaunchToken(ctx.db, {
      botId: 'screen',
      specialistUserId: found.specialist_user_id,
      contextId: found.context_id,
    });
    await saveScreeningInvite(
      ctx.db,
      token,
      chosen.map((i) => i.id),
    );
    const link = `https://t.me/${username}?start=${token}`;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(
      texts.screeningInviteForSpecialist(
        found.client_ref,
        chosen.map((i) => i.title),
      ),
    );
    // A message of its own, to forward as it is: no label, a button to open the bot.
    await ctx.reply(texts.screeningInviteForClient(link), {
      link_preview_options: { is_disabled: true },
      reply_markup: new InlineKeyboard().url(labels.openScreening, link),
    });
  });

  return composer;
}

async function showHistory(
  ctx: ProContext,
  catalogue: InstrumentCatalogue,
  theCase: { context_id: string; client_ref: string },
) {
  const history = await completedScreenings(ctx.db, theCase.context_id);
  if (history.length === 0) {
    await ctx.reply(texts.noScreenings(theCase.client_ref));
    return;
  }
  const trails = await resultTrails(ctx.db, { contextIds: [theCase.context_id] });
  const baselines = new Map(
    trails.map((entry) => [
      baselineKey(entry.clientUserId, entry.instrumentId),
      entry.trail.baseline,
    ]),
  );
  const trailsThen = trailsThroughHistory(history, baselines);
  const lines = history.map((screening, index) =>
    texts.screeningHistoryLine(
      screening.completedAt,
      screening.scores.map((score) => {
        const line = scoreLine(catalogue, score);
        const trail = trailsThen[index]?.get(score.instrumentId);
        const change = trail ? briefChange(catalogue, score.instrumentId, trail) : null;
        return change ? changeTexts.historyScore(line, change) : line;
      }),
    ),
  );
  const shown = newestThatFit(
    history.map((screening, index) => ({ screening, line: lines[index] ?? '' })),
    (entries) =>
      texts.screeningHistory(
        theCase.client_ref,
        entries.map((entry) => entry.line),
      ),
  );
  const keyboard = new InlineKeyboard();
  for (const { screening } of shown) {
    keyboard
      .text(
        `${labels.screeningAnswers} ${dateOf(screening.completedAt)}`,
        callbackData.screeningAnswers(screening.sessionId),
      )
      .row();
  }
  await ctx.reply(
    texts.screeningHistory(
      theCase.client_ref,
      shown.map((entry) => entry.line),
    ),
    { reply_markup: keyboard },
  );
  // Drawn and uploaded by pro's reply sender when its turn comes (screening/chart-reply.ts).
  await deferRenderedCall(ctx.api, SCREENING_CHART_CALL, {
    chat_id: ctx.chatId,
    context_id: theCase.context_id,
  });
}

/**
 * The newest HISTORY_LINES entries, fewer when their message would pass Telegram's limit:
 * with the change words a screening of several instruments takes a few hundred characters.
 */
function newestThatFit<T>(entries: T[], render: (shown: T[]) => string): T[] {
  let shown = entries.slice(-HISTORY_LINES);
  while (shown.length > 1 && render(shown).length > TELEGRAM_MESSAGE_LIMIT) shown = shown.slice(1);
  return shown;
}

const dateOf = (at: Date) =>
  at.toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit' });

/** The chosen ids as a bit mask over `order` (the catalogue's), for a button's data. */
export function maskOf(order: string[], chosen: string[]): number {
  return order.reduce((mask, id, index) => (chosen.includes(id) ? mask | (1 << index) : mask), 0);
}
