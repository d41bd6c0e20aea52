import { checkPersona, type Persona, personaJson } from '../persona/persona-schema';

/**
 * Where a simulation is, kept in the session's state (deleted with the account): choosing a
 * persona, describing one for the model to build, reviewing it, playing, being scored,
 * scored. The transcript is the session's conversation (the current topic); each new
 * simulation is a new topic.
 */
export type Simulation =
  | { phase: 'choosing' }
  | { phase: 'describing' }
  | { phase: 'building' }
  | { phase: 'ready'; persona: Persona }
  | { phase: 'playing'; persona: Persona; turns: number }
  | { phase: 'scoring'; persona: Persona }
  | { phase: 'scored'; persona: Persona };

export type Phase = Simulation['phase'];

const WITH_PERSONA = new Set<Phase>(['ready', 'playing', 'scoring', 'scored']);

export function readSimulation(state: Record<string, unknown>): Simulation {
  const phase = state.phase as Phase;
  if (phase === 'describing' || phase === 'building') return { phase };
  if (!WITH_PERSONA.has(phase)) return { phase: 'choosing' };
  const check = checkPersona(state.persona);
  if (!check.ok) return { phase: 'choosing' };
  const persona = check.persona;
  if (phase === 'playing') {
    const turns = typeof state.turns === 'number' ? state.turns : 0;
    return { phase, persona, turns };
  }
  return { phase: phase as 'ready' | 'scoring' | 'scored', persona };
}

/** The simulation as the session's state (JSON). */
export function simulationState(simulation: Simulation): Record<string, unknown> {
  if (!('persona' in simulation)) return { phase: simulation.phase };
  return {
    ...simulation,
    persona: personaJson(simulation.persona),
  };
}
