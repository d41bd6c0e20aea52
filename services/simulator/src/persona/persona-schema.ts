/**
 * A simulated client, after the cognitive conceptualization diagram used by published
 * client-simulation research (Patient-Ψ, Wang et al. 2024: core beliefs, intermediate
 * beliefs, coping strategies, and a situation's automatic thoughts, emotions and
 * behaviours), with a conversational style from the same work, a resistance level whose
 * concrete behaviours keep the client from drifting into compliance, and the risk the
 * client carries, so that asking about risk is practised too.
 */
export interface Persona {
  name: string;
  age: number;
  presentingProblem: string;
  cognitiveModel: CognitiveModel;
  style: ConversationalStyle;
  resistance: Resistance;
  risk: Risk;
}

export interface CognitiveModel {
  relevantHistory: string;
  /**
   * Absolute beliefs about self, others, the world, as Beck's diagram has them («Я
   * нелюбимая», «Я неспособный»); a conditional («Если…, то…») is an assumption and
   * belongs in intermediateBeliefs.
   */
  coreBeliefs: string[];
  intermediateBeliefs: { rules: string[]; attitudes: string[]; assumptions: string[] };
  copingStrategies: string[];
  situation: string;
  automaticThoughts: string[];
  emotions: string[];
  behaviours: string[];
}

export const CONVERSATIONAL_STYLES = [
  'plain',
  'upset',
  'verbose',
  'reserved',
  'tangent',
  'pleasing',
] as const;
export type ConversationalStyle = (typeof CONVERSATIONAL_STYLES)[number];

export const RESISTANCE_LEVELS = ['low', 'moderate', 'high'] as const;
export type ResistanceLevel = (typeof RESISTANCE_LEVELS)[number];

export interface Resistance {
  level: ResistanceLevel;
  /** What the client concretely does that resists change (what the model must keep doing). */
  behaviours: string[];
  /** The only conditions under which the client may soften, and by how much. */
  softensOnlyIf: string;
}

/**
 * What the client carries of risk (thoughts of death, self-harm, harm to others) and when
 * they tell it: real clients rarely volunteer it, so a therapist learns to ask.
 */
export interface Risk {
  /** What is there, in fact: e.g. passive thoughts of death without a plan or intent; or none. */
  state: string;
  /** When and how the client tells it: e.g. only to a direct, careful question. */
  disclosure: string;
}

/** A persona whose data is wrong says where, in one line (a file at start, the model's answer). */
export type PersonaCheck = { ok: true; persona: Persona } | { ok: false; problem: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class PersonaProblem extends Error {}

function text(source: Record<string, unknown>, key: string, path: string): string {
  const value = source[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PersonaProblem(`${path}${key} must be a non-empty string`);
  }
  return value.trim();
}

function list(source: Record<string, unknown>, key: string, path: string): string[] {
  const value = source[key];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((item) => typeof item === 'string' && item.trim() !== '')
  ) {
    throw new PersonaProblem(`${path}${key} must be a non-empty list of non-empty strings`);
  }
  return value.map((item: string) => item.trim());
}

function object(source: Record<string, unknown>, key: string, path: string) {
  const value = source[key];
  if (!isObject(value)) throw new PersonaProblem(`${path}${key} must be an object`);
  return value;
}

function oneOf<T extends string>(
  source: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  path: string,
): T {
  const value = source[key];
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new PersonaProblem(`${path}${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * Reads a persona in its JSON shape (snake_case keys, as in the data files and in the
 * model's tool input), checking every field: a persona is only played when all of its
 * cognitive model and resistance are there to be played.
 */
export function checkPersona(input: unknown): PersonaCheck {
  try {
    if (!isObject(input)) throw new PersonaProblem('a persona must be a JSON object');
    const age = input.age;
    if (typeof age !== 'number' || !Number.isInteger(age) || age < 16 || age > 100) {
      throw new PersonaProblem('age must be a whole number from 16 to 100');
    }
    const model = object(input, 'cognitive_model', '');
    const beliefs = object(model, 'intermediate_beliefs', 'cognitive_model.');
    const resistance = object(input, 'resistance', '');
    const risk = object(input, 'risk', '');
    const at = 'cognitive_model.';
    return {
      ok: true,
      persona: {
        name: text(input, 'name', ''),
        age,
        presentingProblem: text(input, 'presenting_problem', ''),
        cognitiveModel: {
          relevantHistory: text(model, 'relevant_history', at),
          coreBeliefs: list(model, 'core_beliefs', at),
          intermediateBeliefs: {
            rules: list(beliefs, 'rules', `${at}intermediate_beliefs.`),
            attitudes: list(beliefs, 'attitudes', `${at}intermediate_beliefs.`),
            assumptions: list(beliefs, 'assumptions', `${at}intermediate_beliefs.`),
          },
          copingStrategies: list(model, 'coping_strategies', at),
          situation: text(model, 'situation', at),
          automaticThoughts: list(model, 'automatic_thoughts', at),
          emotions: list(model, 'emotions', at),
          behaviours: list(model, 'behaviours', at),
        },
        style: oneOf(input, 'style', CONVERSATIONAL_STYLES, ''),
        resistance: {
          level: oneOf(resistance, 'level', RESISTANCE_LEVELS, 'resistance.'),
          behaviours: list(resistance, 'behaviours', 'resistance.'),
          softensOnlyIf: text(resistance, 'softens_only_if', 'resistance.'),
        },
        risk: {
          state: text(risk, 'state', 'risk.'),
          disclosure: text(risk, 'disclosure', 'risk.'),
        },
      },
    };
  } catch (error) {
    if (error instanceof PersonaProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

/** A persona back in its JSON shape: how it is kept in the session's state. */
export function personaJson(persona: Persona): Record<string, unknown> {
  const model = persona.cognitiveModel;
  return {
    name: persona.name,
    age: persona.age,
    presenting_problem: persona.presentingProblem,
    cognitive_model: {
      relevant_history: model.relevantHistory,
      core_beliefs: model.coreBeliefs,
      intermediate_beliefs: model.intermediateBeliefs,
      coping_strategies: model.copingStrategies,
      situation: model.situation,
      automatic_thoughts: model.automaticThoughts,
      emotions: model.emotions,
      behaviours: model.behaviours,
    },
    style: persona.style,
    resistance: {
      level: persona.resistance.level,
      behaviours: persona.resistance.behaviours,
      softens_only_if: persona.resistance.softensOnlyIf,
    },
    risk: { state: persona.risk.state, disclosure: persona.risk.disclosure },
  };
}

/**
 * Whether a core belief reads as a conditional assumption or a rule («Если меня узнают,
 * меня отвергнут», «Я должен быть способным, иначе…») rather than an absolute belief.
 */
export const isConditionalBelief = (belief: string): boolean =>
  /(?<!\p{L})(если|иначе|когда|пока|должен|должна|должно|должны|нельзя)(?!\p{L})/iu.test(belief);
