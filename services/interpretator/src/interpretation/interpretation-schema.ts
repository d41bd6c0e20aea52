import type { ToolParam } from '@psycheos/ai';

const evidence = {
  type: 'array',
  description: 'Дословные цитаты из материала, символ в символ.',
  items: { type: 'string' },
} as const;

/** The structure the model is asked to answer in (tool use), so that every claim carries its quotes. */
export const RECORD_INTERPRETATION: ToolParam = {
  name: 'record_interpretation',
  description: 'Записать структурированную интерпретацию материала по случаю.',
  input_schema: {
    type: 'object',
    properties: {
      summary: { type: 'string', description: 'Коротко: о чём материал (2–3 предложения).' },
      hypotheses: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            explanation: { type: 'string' },
            evidence,
          },
          required: ['title', 'explanation', 'evidence'],
        },
      },
      alternatives: {
        type: 'array',
        items: {
          type: 'object',
          properties: { reading: { type: 'string' }, evidence },
          required: ['reading', 'evidence'],
        },
      },
      questions: { type: 'array', items: { type: 'string' } },
      risks: {
        type: 'array',
        description: 'Индикаторы риска, без оценки его уровня: это делает специалист.',
        items: {
          type: 'object',
          properties: {
            indicator: { type: 'string' },
            to_clarify: {
              type: 'string',
              description:
                'Что специалисту уточнить у клиента об этом индикаторе (мысли, намерение, план, средства, прежние попытки, что удерживает).',
            },
            evidence,
          },
          required: ['indicator', 'to_clarify', 'evidence'],
        },
      },
    },
    required: ['summary', 'hypotheses', 'alternatives', 'questions', 'risks'],
  },
};

export interface Quote {
  text: string;
  /** False when the quote does not occur in the material: shown as unsupported, never as evidence. */
  found: boolean;
}

export interface Interpretation {
  summary: string;
  hypotheses: { title: string; explanation: string; evidence: Quote[] }[];
  alternatives: { reading: string; evidence: Quote[] }[];
  questions: string[];
  /**
   * What the model saw, with what to clarify rather than a level: an LLM calling suicide
   * risk «низкий» invites false reassurance (NICE NG225 advises against stratifying risk).
   */
  risks: { indicator: string; toClarify: string; evidence: Quote[] }[];
}
