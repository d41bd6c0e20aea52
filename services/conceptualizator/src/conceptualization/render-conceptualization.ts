import { escapeMarkdown } from '@psycheos/ai';
import type { Conceptualization } from './conceptualization';
import type { Framework } from './framework';

const listOf = (items: readonly string[]) =>
  items.map((item) => `- ${escapeMarkdown(item.replace(/\s+/g, ' '))}`).join('\n');

/**
 * The conceptualization as Markdown for the chat and the case's history: each section
 * under its framework title, in the framework's order; a section the model left out
 * says so rather than disappear. Everything the model wrote is escaped (it may repeat the
 * material's words, links included): it shows as written, and only the titles here are
 * markup.
 */
export function renderConceptualization(
  conceptualization: Conceptualization,
  framework: Framework,
  options: { version?: number; final?: boolean } = {},
): string {
  const version = options.version && options.version > 1 ? ` · версия ${options.version}` : '';
  const parts = [`## Концептуализация: ${framework.title}${version}`];
  if (conceptualization.summary)
    parts.push(`**Кратко.** ${escapeMarkdown(conceptualization.summary)}`);
  framework.sections.forEach((section, index) => {
    const text = conceptualization.sections[section.key];
    if (text) parts.push(`### ${index + 1}. ${section.title}\n\n${escapeMarkdown(text)}`);
    else if (options.final)
      parts.push(`### ${index + 1}. ${section.title}\n\n_Раздел не заполнен._`);
  });
  if (conceptualization.alternatives.length > 0) {
    parts.push('### Другие объяснения');
    parts.push(listOf(conceptualization.alternatives));
  }
  if (conceptualization.gaps.length > 0) {
    parts.push('### Что уточнить');
    parts.push(listOf(conceptualization.gaps));
  }
  if (options.final)
    parts.push(
      '_Рабочая формулировка в поддержку вашего клинического суждения, а не диагноз и не вывод._',
    );
  return parts.join('\n\n');
}
