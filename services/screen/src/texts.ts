/** Every message the screen bot sends, in one place. */
export const texts = {
  start:
    'Здравствуйте! Это бот скрининга PsycheOS. Чтобы начать, откройте ссылку-приглашение, которую прислал ваш специалист.',
  notYet: 'Этот бот пока умеет только приветствовать. Полная версия скоро появится.',
} as const;
