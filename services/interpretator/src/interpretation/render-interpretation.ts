import { escapeMarkdown } from '@psycheos/ai';
import type { Interpretation, Quote } from './interpretation-schema';

/**
 * Every field is the model's text, and quotes are the client's: escaped, so nothing in
 * them becomes a link, a heading or a quote of the answer's own. A quote is one line, so
 * it stays inside its quote block.
 */
const text = (value: string) => escapeMarkdown(value);
const line = (value: string) => escapeMarkdown(value.replace(/\s+/g, ' ').trim());

function quoteLines(evidence: Quote[], checked: boolean): string[] {
  return evidence.map((quote) =>
    !checked || quote.found
      ? `> «${line(quote.text)}»`
      : `> ⚠️ _Цитата не найдена в материале, не опирайтесь на неё:_ «${line(quote.text)}»`,
  );
}

/**
 * The interpretation as Markdown for the chat and the case's history. While the answer is
 * still streaming (`checked` false) quotes are shown as they come; in the final answer
 * each one was checked against the material and an invented one says so. A risk indicator
 * comes with what to clarify, never with a level: the specialist assesses the risk.
 */
export function renderInterpretation(interpretation: Interpretation, checked = true): string {
  const parts: string[] = [];
  if (interpretation.summary) parts.push(`**Кратко.** ${text(interpretation.summary)}`);
  if (interpretation.risks.length > 0) {
    parts.push('## ⚠️ Индикаторы риска');
    parts.push('_Уровень риска модель не оценивает: его оцениваете вы, в разговоре с клиентом._');
    for (const risk of interpretation.risks) {
      parts.push(
        [
          `**${line(risk.indicator)}**`,
          risk.toClarify ? `Что уточнить: ${text(risk.toClarify)}` : '',
          ...quoteLines(risk.evidence, checked),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
  }
  if (interpretation.hypotheses.length > 0) {
    parts.push('## Рабочие гипотезы');
    interpretation.hypotheses.forEach((hypothesis, index) => {
      parts.push(
        [
          `**${index + 1}. ${line(hypothesis.title)}**`,
          text(hypothesis.explanation),
          ...quoteLines(hypothesis.evidence, checked),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  }
  if (interpretation.alternatives.length > 0) {
    parts.push('## Альтернативные прочтения');
    for (const alternative of interpretation.alternatives) {
      parts.push(
        [`- ${line(alternative.reading)}`, ...quoteLines(alternative.evidence, checked)].join('\n'),
      );
    }
  }
  if (interpretation.questions.length > 0) {
    parts.push('## Вопросы для следующей сессии');
    parts.push(interpretation.questions.map((question) => `- ${line(question)}`).join('\n'));
  }
  if (checked && interpretation.risks.length === 0) {
    parts.push(
      '_Индикаторов риска в материале модель не нашла. Это не заменяет вашей оценки риска._',
    );
  }
  return parts.join('\n\n');
}
