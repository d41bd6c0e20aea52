import { texts } from '../texts';
import type { Persona } from './persona-schema';

const list = (label: string, items: readonly string[]) =>
  `**${label}:**\n${items.map((item) => `- ${item}`).join('\n')}`;

/** What the specialist sees of a library persona before starting: who comes, not why. */
export function personaBrief(persona: Persona): string {
  return [
    `**${texts.personaTitle(persona.name, persona.age)}**`,
    `**${texts.personaCard.problem}:** ${persona.presentingProblem}`,
    `${texts.personaStyle(persona.style)}. ${texts.personaResistance(persona.resistance.level)}.`,
  ].join('\n\n');
}

/**
 * The whole persona, as the model built it from the specialist's description: shown before
 * starting, so the specialist can check it is the client they meant.
 */
export function personaCard(persona: Persona): string {
  const model = persona.cognitiveModel;
  const labels = texts.personaCard;
  return [
    personaBrief(persona),
    `**${labels.history}:** ${model.relevantHistory}`,
    list(labels.coreBeliefs, model.coreBeliefs),
    list(labels.rules, model.intermediateBeliefs.rules),
    list(labels.attitudes, model.intermediateBeliefs.attitudes),
    list(labels.assumptions, model.intermediateBeliefs.assumptions),
    list(labels.coping, model.copingStrategies),
    `**${labels.situation}:** ${model.situation}`,
    list(labels.thoughts, model.automaticThoughts),
    list(labels.emotions, model.emotions),
    list(labels.behaviours, model.behaviours),
    list(labels.resistanceBehaviours, persona.resistance.behaviours),
    `**${labels.softens}:** ${persona.resistance.softensOnlyIf}`,
  ].join('\n\n');
}
