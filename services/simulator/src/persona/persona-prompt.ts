import type { Persona } from './persona-schema';

const bullets = (items: readonly string[]) => items.map((item) => `- ${item}`).join('\n');

/**
 * The persona as the role-player reads it, appended to the role-play prompt: the whole
 * cognitive model, the style by its key (the prompt describes each style), the resistance
 * as behaviours to keep up, so that the client stays who they are, and the risk with when
 * to tell it. The supervisor reads the persona otherwise (supervisor-view.ts).
 */
export function personaForModel(persona: Persona): string {
  const model = persona.cognitiveModel;
  return [
    '# Карточка персонажа (ты играешь этого клиента)',
    `Имя: ${persona.name}. Возраст: ${persona.age}.`,
    `С чем пришёл: ${persona.presentingProblem}`,
    `## Значимая история\n${model.relevantHistory}`,
    `## Глубинные убеждения\n${bullets(model.coreBeliefs)}`,
    `## Промежуточные убеждения\nПравила:\n${bullets(model.intermediateBeliefs.rules)}\nУстановки:\n${bullets(model.intermediateBeliefs.attitudes)}\nДопущения:\n${bullets(model.intermediateBeliefs.assumptions)}`,
    `## Компенсаторные стратегии\n${bullets(model.copingStrategies)}`,
    `## Типичная недавняя ситуация\n${model.situation}`,
    `Автоматические мысли:\n${bullets(model.automaticThoughts)}`,
    `Эмоции:\n${bullets(model.emotions)}`,
    `Поведение:\n${bullets(model.behaviours)}`,
    `## Стиль речи: ${persona.style}`,
    `## Сопротивление: ${persona.resistance.level}`,
    `Что ты делаешь в разговоре, и продолжаешь делать, пока условие ниже не выполнено:\n${bullets(persona.resistance.behaviours)}`,
    `Смягчаешься только если: ${persona.resistance.softensOnlyIf}`,
    `## Риск\n${persona.risk.state}\nКогда и как ты об этом говоришь: ${persona.risk.disclosure}`,
  ].join('\n\n');
}

/**
 * Said to the model with each of the therapist's lines (not stored in the conversation):
 * simulated clients drift into agreement over a long role-play, so the resistance is
 * restated where the model reads last.
 */
export function stayInCharacterReminder(persona: Persona): string {
  return `[Напоминание для роли, не для ответа: ты — ${persona.name}, стиль «${persona.style}», сопротивление «${persona.resistance.level}». Держись своих убеждений и сопротивления: ${persona.resistance.behaviours[0]} Смягчайся только если: ${persona.resistance.softensOnlyIf} Ответь одной репликой клиента.]`;
}
