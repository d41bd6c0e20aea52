import { escapeMarkdown } from '@psycheos/ai';
import { texts } from '../texts';
import type { Persona } from './persona-schema';

/** A persona's fields are the model's words (or a library file's): shown as text, never as Markdown. */
const plain = (value: string) => escapeMarkdown(value);

const list = (label: string, items: readonly string[]) =>
  `**${label}:**\n${items.map((item) => `- ${plain(item)}`).join('\n')}`;

/** What the specialist sees of a library persona before starting: who comes, not why. */
export function personaBrief(persona: Persona): string {
  return [
    `**${plain(texts.personaTitle(persona.name, persona.age))}**`,
    `**${texts.personaCard.problem}:** ${plain(persona.presentingProblem)}`,
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
    `**${labels.history}:** ${plain(model.relevantHistory)}`,
    list(labels.coreBeliefs, model.coreBeliefs),
    list(labels.rules, model.intermediateBeliefs.rules),
    list(labels.attitudes, model.intermediateBeliefs.attitudes),
    list(labels.assumptions, model.intermediateBeliefs.assumptions),
    list(labels.coping, model.copingStrategies),
    `**${labels.situation}:** ${plain(model.situation)}`,
    list(labels.thoughts, model.automaticThoughts),
    list(labels.emotions, model.emotions),
    list(labels.behaviours, model.behaviours),
    list(labels.resistanceBehaviours, persona.resistance.behaviours),
    `**${labels.softens}:** ${plain(persona.resistance.softensOnlyIf)}`,
    `**${labels.risk}:** ${plain(persona.risk.state)}`,
    `**${labels.riskDisclosure}:** ${plain(persona.risk.disclosure)}`,
  ].join('\n\n');
}
