/** Every message the simulator bot sends, in one place. */
export const texts = {
  start:
    'Это Симулятор PsycheOS. Откройте его из карточки кейса в боте PsycheOS Pro: так он будет работать с нужным кейсом.',
  notYet: 'Этот бот пока умеет только приветствовать. Полная версия скоро появится.',
} as const;
