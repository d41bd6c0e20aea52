/** Dates as the bot shows them: Moscow time, Russian order ("26.11.2026", "26.11, 14:02"). */
export const date = (value: Date) =>
  value.toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' });

export const dateTime = (value: Date) =>
  value.toLocaleString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

/** "14.12": a day of the coming weeks, where the year goes without saying. */
export const dayMonth = (value: Date) =>
  value.toLocaleDateString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
  });
