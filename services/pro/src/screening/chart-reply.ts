import type { ReplyRenderer } from '@psycheos/bot-runtime';
import type { Database } from '@psycheos/db';
import type { InstrumentCatalogue } from '@psycheos/screening';
import { renderScoreChart } from '@psycheos/screening/chart';
import { InputFile } from 'grammy';
import type { Kysely } from 'kysely';
import { completedScreenings } from '../data/screenings';
import { texts } from '../texts';

/** The reply outbox's name for "draw this case's chart and send it as a photo". */
export const SCREENING_CHART_CALL = 'renderScreeningChart';

/**
 * Renders the screening chart when its turn in pro's reply outbox comes, as a sendPhoto
 * upload. Why at send time: a handler's replies are rows of the reply outbox, written in
 * the update's transaction, and a PNG upload cannot wait in a table. Sent straight from
 * the handler instead, it would go before the update commits and could overtake the text
 * it belongs under. As a row it keeps its place in the chat's order and survives a
 * restart like any reply; the row holds ids only, and the chart is drawn from what the
 * database holds then (a case deleted meanwhile draws nothing). The specialist's chat
 * must still own the case, so a row can never draw someone else's case.
 */
export function screeningChartRenderer(
  db: Kysely<Database>,
  catalogue: InstrumentCatalogue,
): ReplyRenderer {
  return async (payload) => {
    const chatId = Number(payload.chat_id);
    const contextId = String(payload.context_id);
    const theCase = await db
      .selectFrom('contexts')
      .innerJoin('users', 'users.user_id', 'contexts.specialist_user_id')
      .select(['contexts.client_ref'])
      .where('contexts.context_id', '=', contextId)
      .where('users.telegram_id', '=', chatId)
      .executeTakeFirst();
    if (!theCase) return null;
    const history = await completedScreenings(db, contextId);
    const histories = catalogue.all
      .map((instrument) => ({
        instrument,
        points: history.flatMap((screening) =>
          screening.scores
            .filter((score) => score.instrumentId === instrument.id)
            .map((score) => ({
              at: screening.completedAt,
              score: score.score,
              clientId: screening.clientUserId,
            })),
        ),
      }))
      .filter((entry) => entry.points.length > 0);
    if (histories.length === 0) return null;
    const png = renderScoreChart(histories);
    return {
      method: 'sendPhoto',
      payload: {
        chat_id: chatId,
        photo: new InputFile(png, 'screening.png'),
        caption: texts.screeningChartCaption(theCase.client_ref),
      },
    };
  };
}
