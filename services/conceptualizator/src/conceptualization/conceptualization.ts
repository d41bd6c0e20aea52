import type { ToolParam } from '@psycheos/ai';
import type { Framework } from './framework';

/** A conceptualization as saved with its result (ai_results.structured). */
export interface Conceptualization {
  framework: string;
  summary: string;
  /** Each section's text, keyed as the framework's data says. */
  sections: Record<string, string>;
  /** What the intake lacks: what to clarify with the client before relying on a section. */
  gaps: string[];
  /**
   * Another explanation the same data allows, and what would tell the two apart: what a
   * supervisor offers so the first formulation is not taken for the only one.
   */
  alternatives: string[];
}

export const RECORD_CONCEPTUALIZATION = 'record_conceptualization';
export const RECORD_SECTION = 'record_section';

/** The structure the model answers in (tool use): one property per section of the framework. */
export function conceptualizationTool(framework: Framework): ToolParam {
  return {
    name: RECORD_CONCEPTUALIZATION,
    description: `Записать концептуализацию случая в подходе «${framework.title}».`,
    input_schema: {
      type: 'object',
      properties: {
        summary: {
          type: 'string',
          description: 'Кратко: суть концептуализации в 2–3 предложениях.',
        },
        sections: {
          type: 'object',
          properties: Object.fromEntries(
            framework.sections.map((section) => [
              section.key,
              { type: 'string', description: `${section.title}. ${section.contains}` },
            ]),
          ),
          required: framework.sections.map((section) => section.key),
        },
        gaps: {
          type: 'array',
          description:
            'Чего не хватает в данных: что уточнить у клиента, прежде чем опираться на выводы.',
          items: { type: 'string' },
        },
        alternatives: {
          type: 'array',
          description:
            'Другие объяснения, которые так же согласуются с данными, и что помогло бы их различить. Пусто, если данных для этого мало.',
          items: { type: 'string' },
        },
      },
      required: ['summary', 'sections', 'gaps', 'alternatives'],
    },
  };
}

/** A revision answers with the one section's new text only, so the others stay as they were. */
export const SECTION_TOOL: ToolParam = {
  name: RECORD_SECTION,
  description: 'Записать новый текст одного раздела концептуализации.',
  input_schema: {
    type: 'object',
    properties: { content: { type: 'string', description: 'Новый текст раздела целиком.' } },
    required: ['content'],
  },
};

const asText = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * The model's structured answer (or a saved one), read defensively: it may be partial
 * while streaming, or off-schema. Only the framework's sections are kept, in its order.
 */
export function readConceptualization(input: unknown, framework: Framework): Conceptualization {
  const source = asRecord(input);
  const given = asRecord(source.sections);
  const sections: Record<string, string> = {};
  for (const { key } of framework.sections) {
    const text = asText(given[key]);
    if (text) sections[key] = text;
  }
  return {
    framework: framework.id,
    summary: asText(source.summary),
    sections,
    gaps: asTexts(source.gaps),
    alternatives: asTexts(source.alternatives),
  };
}

const asTexts = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(asText).filter(Boolean) : [];

/**
 * Structured enough to show by sections: at least one of them. A section the model left
 * out is shown as not filled (render-conceptualization.ts), so nothing it wrote is lost.
 */
export const hasSections = (conceptualization: Conceptualization): boolean =>
  Object.keys(conceptualization.sections).length > 0;
