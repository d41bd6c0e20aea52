import type { Interpretation, Quote } from './interpretation-schema';

const SEVERITY = { low: 'низкий', medium: 'средний', high: 'высокий' } as const;

function quoteLines(evidence: Quote[], checked: boolean): string[] {
  return evidence.map((quote) =>
    !checked || quote.found
      ? `> «${quote.text}»`
      : `> ⚠️ _Цитата не найдена в материале, не опирайтесь на неё:_ «${quote.text}»`,
  );
}

/**
 * The interpretation as Markdown for the chat and the case's history. While the answer is
 * still streaming (`checked` false) quotes are shown as they come; in the final answer
 * each one was checked against the material and an invented one says so.
 */
export function renderInterpretation(interpretation: Interpretation, checked = true): string {
  const parts: string[] = [];
  if (interpretation.summary) parts.push(`**Кратко.** ${interpretation.summary}`);
  if (interpretation.risks.length > 0) {
    parts.push('## ⚠️ Индикаторы риска');
    for (const risk of interpretation.risks) {
      parts.push(
        [
          `**${risk.indicator}** (уровень: ${SEVERITY[risk.severity]})`,
          ...quoteLines(risk.evidence, checked),
        ].join('\n'),
      );
    }
  }
  if (interpretation.hypotheses.length > 0) {
    parts.push('## Рабочие гипотезы');
    interpretation.hypotheses.forEach((hypothesis, index) => {
      parts.push(
        [
          `**${index + 1}. ${hypothesis.title}**`,
          hypothesis.explanation,
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
        [`- ${alternative.reading}`, ...quoteLines(alternative.evidence, checked)].join('\n'),
      );
    }
  }
  if (interpretation.questions.length > 0) {
    parts.push('## Вопросы для следующей сессии');
    parts.push(interpretation.questions.map((question) => `- ${question}`).join('\n'));
  }
  if (checked && interpretation.risks.length === 0) {
    parts.push(
      '_Индикаторов риска в материале модель не нашла. Это не заменяет вашей оценки риска._',
    );
  }
  return parts.join('\n\n');
}
