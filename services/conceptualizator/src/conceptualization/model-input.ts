import { hasAnyAnswer, type IntakeAnswers, intakeForModel } from '../intake/intake-steps';
import type { Framework, FrameworkSection } from './framework';

/**
 * What the model reads about the case: the specialist's intake answers and, when they
 * agreed, the case's earlier material. The case is "клиент", never its label.
 */
export function caseForModel(answers: IntakeAnswers, caseContext: string | null): string {
  const parts: string[] = [];
  if (hasAnyAnswer(answers))
    parts.push(
      `Анкета по случаю клиента, заполненная специалистом:\n\n<intake>\n${intakeForModel(answers)}\n</intake>`,
    );
  if (caseContext)
    parts.push(
      `Материал, который уже есть в кейсе (специалист разрешил его учесть):\n\n<case_context>\n${caseContext}\n</case_context>`,
    );
  return parts.join('\n\n');
}

const sectionLine = (section: FrameworkSection) =>
  `- ${section.key} — «${section.title}»: ${section.contains}`;

/** The conceptualization's request: the case, then the framework and its sections. */
export function conceptualizationRequest(
  answers: IntakeAnswers,
  caseContext: string | null,
  framework: Framework,
): string {
  return [
    caseForModel(answers, caseContext),
    `Подход: ${framework.title}. ${framework.description}`,
    `Разделы концептуализации (ключ — название: что должно быть в разделе):\n${framework.sections.map(sectionLine).join('\n')}`,
    'Ответь через инструмент record_conceptualization.',
  ].join('\n\n');
}

/** A revision's request: the case, the current version, and what to change in which section. */
export function revisionRequest(options: {
  answers: IntakeAnswers;
  caseContext: string | null;
  framework: Framework;
  current: string;
  section: FrameworkSection;
  instruction: string;
}): string {
  const { framework, section } = options;
  return [
    caseForModel(options.answers, options.caseContext),
    `Текущая версия концептуализации (подход: ${framework.title}):\n\n<conceptualization>\n${options.current}\n</conceptualization>`,
    `Специалист просит изменить раздел «${section.title}» (что должно быть в разделе: ${section.contains}):\n\n<request>\n${options.instruction}\n</request>`,
    'Перепиши только этот раздел и дай его новый текст целиком через инструмент record_section.',
  ]
    .filter(Boolean)
    .join('\n\n');
}
