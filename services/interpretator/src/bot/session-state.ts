/**
 * Where an Интерпретатор session is: collecting material, or discussing its interpretation.
 * The material waits in the session's state until it is interpreted (deleted with the case).
 */
export type InterpretationPhase =
  | { phase: 'collecting'; material: string[] }
  | { phase: 'discussing'; material: string[] };

export function readPhase(state: Record<string, unknown>): InterpretationPhase {
  const material = Array.isArray(state.material)
    ? state.material.filter((part): part is string => typeof part === 'string')
    : [];
  return { phase: state.phase === 'discussing' ? 'discussing' : 'collecting', material };
}

export const materialText = (material: readonly string[]): string => material.join('\n\n---\n\n');
