import type { ToolParam } from '@psycheos/ai';
import { CONVERSATIONAL_STYLES, RESISTANCE_LEVELS } from './persona-schema';

const strings = (description: string) =>
  ({ type: 'array', description, items: { type: 'string' }, minItems: 1 }) as const;

/**
 * The persona's shape for the model (tool use): the same fields the library's files have,
 * checked by checkPersona before the specialist sees it.
 */
export const RECORD_PERSONA: ToolParam = {
  name: 'record_persona',
  description: 'Записать персонажа для учебной ролевой игры: клиента с когнитивной моделью.',
  input_schema: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Вымышленное нейтральное имя.' },
      age: { type: 'integer', minimum: 16, maximum: 100 },
      presenting_problem: { type: 'string', description: 'С чем клиент пришёл, его словами.' },
      cognitive_model: {
        type: 'object',
        properties: {
          relevant_history: { type: 'string' },
          core_beliefs: strings(
            'Глубинные убеждения о себе, других, мире — безусловные, без «если» и «должен»: «Я нелюбимая», «Я неспособный», «Люди отвергают».',
          ),
          intermediate_beliefs: {
            type: 'object',
            properties: {
              rules: strings('Правила («я должен…»).'),
              attitudes: strings('Установки («ужасно, если…»).'),
              assumptions: strings('Допущения («если…, то…»).'),
            },
            required: ['rules', 'attitudes', 'assumptions'],
          },
          coping_strategies: strings('Компенсаторные стратегии.'),
          situation: { type: 'string', description: 'Недавняя типичная ситуация.' },
          automatic_thoughts: strings('Автоматические мысли в этой ситуации.'),
          emotions: strings('Эмоции.'),
          behaviours: strings('Поведение.'),
        },
        required: [
          'relevant_history',
          'core_beliefs',
          'intermediate_beliefs',
          'coping_strategies',
          'situation',
          'automatic_thoughts',
          'emotions',
          'behaviours',
        ],
      },
      style: { type: 'string', enum: [...CONVERSATIONAL_STYLES] },
      resistance: {
        type: 'object',
        properties: {
          level: { type: 'string', enum: [...RESISTANCE_LEVELS] },
          behaviours: strings('Конкретные проявления сопротивления в разговоре.'),
          softens_only_if: {
            type: 'string',
            description: 'При каких действиях терапевта и насколько клиент может смягчиться.',
          },
        },
        required: ['level', 'behaviours', 'softens_only_if'],
      },
      risk: {
        type: 'object',
        properties: {
          state: {
            type: 'string',
            description:
              'Что есть на самом деле: мысли о смерти, самоповреждении, вреде другим (например, пассивные мысли без плана и намерения) или их нет.',
          },
          disclosure: {
            type: 'string',
            description:
              'Когда и как клиент об этом говорит (например, только на прямой и бережный вопрос).',
          },
        },
        required: ['state', 'disclosure'],
      },
    },
    required: [
      'name',
      'age',
      'presenting_problem',
      'cognitive_model',
      'style',
      'resistance',
      'risk',
    ],
  },
};
