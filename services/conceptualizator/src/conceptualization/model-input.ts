import { dataBlock } from '@psycheos/ai';
import { frameworks } from '../frameworks';
import { frameworkAnswersFor } from '../intake/framework-questions';
import { hasAnyAnswer, type IntakeAnswers, intakeForModel } from '../intake/intake-steps';
import type { Conceptualization } from './conceptualization';
import type { Framework, FrameworkSection } from './framework';

/**
 * What the model reads about the case: the specialist's intake answers (the common ones
 * and every framework's own) and, when they agreed, the case's earlier material. Each is
 * a data block, so nothing the specialist pasted from the client can pass for an
 * instruction. The case is "клиент", never its label.
 */
export function caseForModel(answers: IntakeAnswers, caseContext: string | null): string {
  const parts: string[] = [];
  if (hasAnyAnswer(answers))
    parts.push(
      `Анкета по случаю клиента, заполненная специалистом:\n\n${dataBlock('intake', intakeForModel(answers, frameworkAnswersFor(frameworks, answers)))}`,
    );
  if (caseContext)
    parts.push(
      `Материал, который уже есть в кейсе (специалист разрешил его учесть; прежние результаты ИИ в нём — гипотезы, не факты):\n\n${dataBlock('case_context', caseContext)}`,
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

/** A saved conceptualization as the model reads it: its own words, not the chat's Markdown. */
export function conceptualizationForModel(
  conceptualization: Conceptualization,
  framework: Framework,
): string {
  const sections = framework.sections.map(
    (section) =>
      `## ${section.title}\n${conceptualization.sections[section.key] ?? '(раздел не заполнен)'}`,
  );
  return [`Кратко: ${conceptualization.summary || '—'}`, ...sections].join('\n\n');
}

/**
 * A revision's request: the case and the current version (data blocks), then what the
 * specialist asks to change in which section: the one instruction here, so it stands
 * outside every data block.
 */
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
    `Текущая версия концептуализации (подход: ${framework.title}):\n\n${dataBlock('conceptualization', options.current)}`,
    `Специалист просит изменить раздел «${section.title}» (что должно быть в разделе: ${section.contains}). Его просьба:\n\n${options.instruction}`,
    'Перепиши только этот раздел и дай его новый текст целиком через инструмент record_section.',
  ]
    .filter(Boolean)
    .join('\n\n');
}
