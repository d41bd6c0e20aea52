import type { Specialist, ToolHarness } from '@psycheos/ai/testing';
import { buttonPress } from '@psycheos/testkit';
import { expect } from 'vitest';
import { CTRS_ITEMS } from '../src/ctrs/ctrs-items';

interface RequestBody {
  system: unknown;
  messages: { role: string; content: unknown }[];
}

export const bodyOf = (tool: ToolHarness, index: number) =>
  tool.anthropic.requests[index]?.body as unknown as RequestBody;

/** The system prompt's text, whether sent as a string or as cached blocks. */
export function systemText(body: RequestBody): string {
  if (typeof body.system === 'string') return body.system;
  return (body.system as { text: string }[]).map((block) => block.text).join('\n');
}

export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return (content as { text?: string }[]).map((block) => block.text ?? '').join('\n');
}

/** Does something in the chat, then waits for `count` more texts there and returns them. */
export async function repliesTo(
  tool: ToolHarness,
  specialist: Specialist,
  count: number,
  action: () => Promise<unknown>,
): Promise<string[]> {
  await tool.service.repliesSent();
  const before = tool.service.telegram.textsSentTo(specialist.id).length;
  await action();
  const texts = await tool.textsOnceThereAre(specialist.id, before + count);
  return texts.slice(before);
}

export async function press(tool: ToolHarness, specialist: Specialist, data: string) {
  expect((await tool.service.deliver(buttonPress(specialist, data))).status).toBe(200);
}

/** The buttons under the last message sent to the chat. */
export function lastButtons(tool: ToolHarness, specialist: Specialist): string[] {
  const sent = tool.service.telegram
    .callsTo('sendMessage')
    .filter((call) => call.params.chat_id === specialist.id);
  const markup = sent.at(-1)?.params.reply_markup as
    | { inline_keyboard: { callback_data: string }[][] }
    | undefined;
  return markup?.inline_keyboard.flat().map((button) => button.callback_data) ?? [];
}

/**
 * A supervisor's CTRS answer: every item scored `score`, each quoting `quote`, except the
 * items listed in `invented`, whose quotes do not occur in the transcript.
 */
export function ctrsAnswer(options: {
  score: number;
  quote: string;
  invented?: readonly string[];
  scope?: 'full_session' | 'fragment';
}) {
  return {
    session_scope: options.scope ?? 'full_session',
    items: CTRS_ITEMS.map((item) => ({
      item,
      score: options.score,
      quote: options.invented?.includes(item)
        ? 'Давайте составим план на неделю и запишем его'
        : options.quote,
      rationale: `Обоснование по пункту ${item}.`,
    })),
    worked: ['Бережно отразили чувства клиентки.'],
    to_try: ['Установить повестку в начале сессии.'],
  };
}

export const LINE_1 = 'Здравствуйте. Что привело вас сегодня?';
export const LINE_2 = 'Что вы почувствовали, когда закрыли вакансию?';
export const CLIENT_1 = 'Не знаю. Сестра настояла, чтобы я пришла.';
export const CLIENT_2 = 'Наверное, что опять ничего не выйдет.';

/** A specialist with the trainer open, the library shown (the bot's 4 opening texts). */
export async function openedSimulator(tool: ToolHarness): Promise<Specialist> {
  const specialist = await tool.specialist();
  await tool.openSession(specialist);
  await tool.textsOnceThereAre(specialist.id, 4);
  return specialist;
}

/** Anna from the library, two exchanges played. */
export async function playedTwoLinesWithAnna(tool: ToolHarness): Promise<Specialist> {
  const specialist = await openedSimulator(tool);
  await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:p:anna-depression'));
  await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:start'));
  tool.anthropic.script([{ text: CLIENT_1 }, { text: CLIENT_2 }]);
  await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_1));
  await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_2));
  return specialist;
}

/** «⏹ Завершить» with the supervisor answering `answer`: the «scoring» note and the feedback. */
export async function finishWith(tool: ToolHarness, specialist: Specialist, answer: unknown) {
  tool.anthropic.script([{ toolUse: { name: 'record_ctrs_feedback', input: answer } }]);
  const [scoring, feedback] = await repliesTo(tool, specialist, 2, () =>
    press(tool, specialist, 'sim:finish'),
  );
  return { scoring: scoring ?? '', feedback: feedback ?? '' };
}

/** «⏹ Завершить» scored `score` on every item, quoting the therapist's second line. */
export const finishWithScore = (
  tool: ToolHarness,
  specialist: Specialist,
  score: number,
  invented: string[] = [],
) => finishWith(tool, specialist, ctrsAnswer({ score, quote: LINE_2, invented }));

/** The specialist's saved trainer results. */
export const resultsOf = (tool: ToolHarness, specialist: Specialist) =>
  tool.service.database.db
    .selectFrom('ai_results')
    .selectAll()
    .where('specialist_user_id', '=', specialist.userId)
    .orderBy('created_at')
    .execute();
