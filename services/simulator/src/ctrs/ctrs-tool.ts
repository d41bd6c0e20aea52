import type { ToolParam } from '@psycheos/ai';
import { CTRS_ITEMS, CTRS_MAX_SCORE, SESSION_SCOPES } from './ctrs-items';
import type { CtrsScale } from './load-scale';

/**
 * The supervisor's answer (tool use): whether the transcript is a whole session or a
 * fragment, each CTRS item with its score (or, on a fragment, «не применимо» for the items
 * a fragment may not reach) and a quote, then advice.
 */
export function recordCtrsTool(scale: CtrsScale): ToolParam {
  const itemList = scale.items.map((item) => `${item.id} — ${item.name}`).join('; ');
  const outside = scale.items.filter((item) => item.mayBeOutsideAFragment).map((item) => item.id);
  return {
    name: 'record_ctrs_feedback',
    description: `Записать оценку учебной сессии по шкале CTRS: все ${CTRS_ITEMS.length} пунктов (${itemList}).`,
    input_schema: {
      type: 'object',
      properties: {
        session_scope: {
          type: 'string',
          enum: [...SESSION_SCOPES],
          description:
            'full_session — полная сессия (есть начало и завершение); fragment — отрывок сессии без начала или конца.',
        },
        items: {
          type: 'array',
          minItems: CTRS_ITEMS.length,
          maxItems: CTRS_ITEMS.length,
          items: {
            type: 'object',
            properties: {
              item: { type: 'string', enum: [...CTRS_ITEMS] },
              score: {
                type: 'integer',
                minimum: 0,
                maximum: CTRS_MAX_SCORE,
                description: 'Балл по описаниям пункта; не ставится, если пункт не применим.',
              },
              not_applicable: {
                type: 'boolean',
                description: `true — «не применимо»: только для ${outside.join(', ')} и только во фрагменте, до которого этот элемент сессии не дошёл.`,
              },
              quote: {
                type: 'string',
                description:
                  'Дословная цитата из стенограммы, символ в символ, на которой основана оценка (пустая, если пункт не применим).',
              },
              rationale: { type: 'string', description: 'Почему такая оценка, 1–2 предложения.' },
            },
            required: ['item', 'quote', 'rationale'],
          },
        },
        worked: { type: 'array', items: { type: 'string' }, description: 'Что получилось.' },
        to_try: {
          type: 'array',
          items: { type: 'string' },
          description: 'Что попробовать в следующий раз, конкретно.',
        },
      },
      required: ['session_scope', 'items', 'worked', 'to_try'],
    },
  };
}

/** The scale as the supervisor reads it: each item with what it looks at and its anchors. */
export function scaleForModel(scale: CtrsScale): string {
  const items = scale.items.map((item, index) =>
    [
      `${index + 1}. ${item.id} — ${item.name}: ${item.measures}.${item.mayBeOutsideAFragment ? ' Во фрагменте может быть «не применимо».' : ''}`,
      ...Object.entries(item.anchors).map(([point, anchor]) => `   ${point} — ${anchor}`),
    ].join('\n'),
  );
  return [`# Шкала CTRS: описания баллов\n\n${scale.source}`, ...items].join('\n\n');
}
