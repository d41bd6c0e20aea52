import type { ToolParam } from '@psycheos/ai';
import { CTRS_ITEM_NAMES, CTRS_ITEMS } from './ctrs-items';

const itemList = CTRS_ITEMS.map((item) => `${item} — ${CTRS_ITEM_NAMES[item]}`).join('; ');

/** The supervisor's answer (tool use): each CTRS item with its score and a quote, then advice. */
export const RECORD_CTRS: ToolParam = {
  name: 'record_ctrs_feedback',
  description: `Записать оценку учебной сессии по шкале CTRS: все 11 пунктов (${itemList}).`,
  input_schema: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        minItems: 11,
        maxItems: 11,
        items: {
          type: 'object',
          properties: {
            item: { type: 'string', enum: [...CTRS_ITEMS] },
            score: { type: 'integer', minimum: 0, maximum: 6 },
            quote: {
              type: 'string',
              description:
                'Дословная цитата из стенограммы, символ в символ, на которой основана оценка.',
            },
            rationale: { type: 'string', description: 'Почему такая оценка, 1–2 предложения.' },
          },
          required: ['item', 'score', 'quote', 'rationale'],
        },
      },
      worked: { type: 'array', items: { type: 'string' }, description: 'Что получилось.' },
      to_try: {
        type: 'array',
        items: { type: 'string' },
        description: 'Что попробовать в следующий раз, конкретно.',
      },
    },
    required: ['items', 'worked', 'to_try'],
  },
};
