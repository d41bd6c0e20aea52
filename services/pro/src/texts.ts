/** Every message the pro bot sends, in one place. */
export const texts = {
  start: 'Добро пожаловать в PsycheOS Pro.',
} as const;
