import { isConditionalBelief, type Persona } from './persona-schema';

/**
 * A persona the model built, with its core beliefs as Beck's diagram has them: absolute
 * («Я нелюбимая»). A conditional the model put among them anyway («Если я откажу, меня
 * бросят») is an assumption, so it moves to the intermediate beliefs' assumptions, where a
 * library file is told to put it, rather than being played as a core belief or thrown away
 * (the specialist paid for this answer, and sees the whole persona before the start).
 * Null when no absolute belief is left: a persona without a core to play is asked for again.
 */
export function withAbsoluteCoreBeliefs(persona: Persona): Persona | null {
  const model = persona.cognitiveModel;
  const conditional = model.coreBeliefs.filter(isConditionalBelief);
  if (conditional.length === 0) return persona;
  const absolute = model.coreBeliefs.filter((belief) => !isConditionalBelief(belief));
  if (absolute.length === 0) return null;
  const beliefs = model.intermediateBeliefs;
  return {
    ...persona,
    cognitiveModel: {
      ...model,
      coreBeliefs: absolute,
      intermediateBeliefs: { ...beliefs, assumptions: [...beliefs.assumptions, ...conditional] },
    },
  };
}
