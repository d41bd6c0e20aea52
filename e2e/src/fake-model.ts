import type { FakeAnthropic, FakeReply, FakeScript, RecordedRequest } from '@psycheos/ai/testing';
import { vi } from 'vitest';

/** The session notes the specialists give the Интерпретатор; the model quotes them. */
export const MATERIAL =
  'Клиентка 34 лет пришла с жалобами на бессонницу. Говорит: «я всё время жду, что меня уволят». На работе новый руководитель.';
const QUOTE = 'я всё время жду, что меня уволят';

/** The therapist's first line in the Симулятор; the supervisor quotes it. */
export const THERAPIST_LINE = 'Здравствуйте. Что привело вас сегодня?';

export const FOLLOW_UP_ANSWER = 'Стоит уточнить, как клиентка спит в выходные.';
export const CLIENT_LINE = 'Не знаю. Сестра настояла, чтобы я пришла.';

/**
 * The model as the three AI tools meet it at once, on one fake Anthropic API: each request
 * is answered as its tool asks, told apart by the structure it demands (the tool named in
 * tool_choice, whose schema shapes the answer) or else by its system prompt. A request no
 * tool should make gets a 400, which its service logs as an error.
 */
export function answerAsAsked(request: RecordedRequest): FakeReply {
  const demanded = demandedTool(request);
  if (demanded?.name === 'record_interpretation') return { toolUse: { input: interpretation() } };
  if (demanded?.name === 'record_conceptualization') {
    return { toolUse: { input: conceptualization(demanded.input_schema) } };
  }
  if (demanded?.name === 'record_ctrs_feedback') {
    return { toolUse: { input: ctrsFeedback(demanded.input_schema) } };
  }
  const system = systemText(request);
  if (system.includes('Ты играешь клиента')) return { text: CLIENT_LINE };
  if (system.includes('уточняющие вопросы')) return { text: FOLLOW_UP_ANSWER };
  return { error: 400, message: `fake model: no tool asks this: ${system.slice(0, 100)}` };
}

/**
 * `answerAsAsked`, each answer held until `count` requests are in flight at once (or
 * `limitMs` passed since the first), so that "at the same time" is a fact the test
 * checks (the fake's maxConcurrent), not a hope about timing.
 */
export function answerTogether(model: FakeAnthropic, count: number, limitMs = 20_000): FakeScript {
  let isTogether = false;
  return async (request) => {
    await vi
      .waitFor(
        () => {
          isTogether ||= model.inFlight >= count;
          if (!isTogether) throw new Error(`${model.inFlight} of ${count} requests in flight`);
        },
        { timeout: limitMs, interval: 20 },
      )
      .catch(() => undefined);
    return answerAsAsked(request);
  };
}

/** `answerAsAsked`, every answer held until `release()`: requests the model is still writing. */
export function heldAnswers(): { script: FakeScript; release(): void } {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    script: async (request) => {
      await released;
      return answerAsAsked(request);
    },
    release: () => release(),
  };
}

interface DemandedTool {
  name: string;
  input_schema: Schema;
}

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: string[];
}

function demandedTool(request: RecordedRequest): DemandedTool | undefined {
  const choice = request.body.tool_choice as { type?: string; name?: string } | undefined;
  const tools = (request.body.tools ?? []) as DemandedTool[];
  return choice?.type === 'tool' ? tools.find((tool) => tool.name === choice.name) : undefined;
}

function systemText(request: RecordedRequest): string {
  const { system } = request.body;
  if (typeof system === 'string') return system;
  return ((system ?? []) as { text?: string }[]).map((block) => block.text ?? '').join('\n');
}

const interpretation = () => ({
  summary: 'Тревога на фоне смены руководителя.',
  hypotheses: [
    {
      title: 'Катастрофизация на работе',
      explanation: 'Ожидание увольнения без явных признаков угрозы.',
      evidence: [QUOTE],
    },
  ],
  alternatives: [],
  questions: ['Что изменилось с приходом нового руководителя?'],
  risks: [],
});

/** Every section the framework's schema names, so any of the frameworks is answered in full. */
function conceptualization(schema: Schema) {
  const keys = Object.keys(schema.properties?.sections?.properties ?? {});
  return {
    summary: 'Паническое расстройство с избеганием.',
    sections: Object.fromEntries(keys.map((key) => [key, `Содержание раздела ${key}.`])),
    gaps: ['Были ли подобные эпизоды раньше?'],
  };
}

/**
 * Every CTRS item the schema lists, each resting on the therapist's first line; a few lines
 * are a fragment of a session, where the scale asks the supervisor to say so.
 */
function ctrsFeedback(schema: Schema) {
  const items = schema.properties?.items?.items?.properties?.item?.enum ?? [];
  const scopes = schema.properties?.session_scope?.enum;
  return {
    ...(scopes && { session_scope: scopes.includes('fragment') ? 'fragment' : scopes[0] }),
    items: items.map((item) => ({
      item,
      score: 4,
      quote: THERAPIST_LINE,
      rationale: `Обоснование по пункту ${item}.`,
    })),
    worked: ['Бережно начали сессию.'],
    to_try: ['Установить повестку в начале сессии.'],
  };
}
