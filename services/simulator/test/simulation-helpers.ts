import type { Specialist, ToolHarness } from '@psycheos/ai/testing';
import { buttonPress } from '@psycheos/shared/testing';
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
}) {
  return {
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
