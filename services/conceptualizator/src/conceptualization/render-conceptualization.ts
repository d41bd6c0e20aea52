import type { Conceptualization } from './conceptualization';
import type { Framework } from './framework';

/**
 * The conceptualization as Markdown for the chat and the case's history: each section
 * under its framework title, in the framework's order; a section the model left out
 * says so rather than disappear.
 */
export function renderConceptualization(
  conceptualization: Conceptualization,
  framework: Framework,
  options: { version?: number; final?: boolean } = {},
): string {
  const version = options.version && options.version > 1 ? ` · версия ${options.version}` : '';
  const parts = [`## Концептуализация: ${framework.title}${version}`];
  if (conceptualization.summary) parts.push(`**Кратко.** ${conceptualization.summary}`);
  framework.sections.forEach((section, index) => {
    const text = conceptualization.sections[section.key];
    if (text) parts.push(`### ${index + 1}. ${section.title}\n\n${text}`);
    else if (options.final)
      parts.push(`### ${index + 1}. ${section.title}\n\n_Раздел не заполнен._`);
  });
  if (conceptualization.gaps.length > 0) {
    parts.push('### Что уточнить');
    parts.push(conceptualization.gaps.map((gap) => `- ${gap}`).join('\n'));
  }
  if (options.final)
    parts.push(
      '_Рабочая формулировка в поддержку вашего клинического суждения, а не диагноз и не вывод._',
    );
  return parts.join('\n\n');
}
