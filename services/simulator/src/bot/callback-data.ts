/** The Симулятор's buttons. A library persona's button carries its id (its file's name). */
export const CALLBACK = {
  personaPrefix: 'sim:p:',
  describe: 'sim:describe',
  library: 'sim:library',
  start: 'sim:start',
  finish: 'sim:finish',
  again: 'sim:again',
} as const;
