import type { Persona } from './persona-schema';

const bullets = (items: readonly string[]) => items.map((item) => `- ${item}`).join('\n');

/**
 * The persona as the supervisor reads it: the client's hidden model, described from the
 * outside as a clinician's conceptualization, for judging what the therapist found and
 * missed. It is not the role-player's card: no «ты играешь», no instructions to stay in
 * role; the scripted resistance is stated as what the client was set to do, so the
 * therapist is scored on their moves, not on whether the client gave in.
 */
export function personaForSupervisor(persona: Persona): string {
  const model = persona.cognitiveModel;
  const beliefs = model.intermediateBeliefs;
  return [
    '# Скрытая модель клиента, для оценки',
    'Специалист не видел этой модели: её предстояло прояснить в сессии. Клиента играла модель по этому описанию.',
    `Клиент: ${persona.name}, ${persona.age}. С чем пришёл: ${persona.presentingProblem}`,
    `## Значимая история\n${model.relevantHistory}`,
    `## Глубинные убеждения\n${bullets(model.coreBeliefs)}`,
    `## Промежуточные убеждения\nПравила:\n${bullets(beliefs.rules)}\nУстановки:\n${bullets(beliefs.attitudes)}\nДопущения:\n${bullets(beliefs.assumptions)}`,
    `## Компенсаторные стратегии\n${bullets(model.copingStrategies)}`,
    `## Типичная недавняя ситуация\n${model.situation}\nАвтоматические мысли:\n${bullets(model.automaticThoughts)}\nЭмоции:\n${bullets(model.emotions)}\nПоведение:\n${bullets(model.behaviours)}`,
    `## Риск\n${persona.risk.state}\nРаскрывает: ${persona.risk.disclosure}`,
    `## Сопротивление по сценарию (уровень: ${persona.resistance.level}; стиль речи: ${persona.style})\nКлиент был настроен так:\n${bullets(persona.resistance.behaviours)}\nМог смягчиться, только если ${persona.resistance.softensOnlyIf}`,
  ].join('\n\n');
}
