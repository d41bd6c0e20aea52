/** Dates and credits as the bots write them. */
export const day = (iso: string) =>
  new Date(iso).toLocaleDateString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' });

export const credits = (milli: number) =>
  (milli / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 2 });

export const toolTitles: Record<string, string> = {
  interpretator: 'Интерпретатор',
  conceptualizator: 'Концептуализатор',
  simulator: 'Симулятор',
};

export const entryTitles: Record<string, string> = {
  trial: 'Пробный период',
  grant: 'Начисление администратора',
  purchase: 'Покупка',
  subscription: 'Подписка',
  usage: 'Запрос к ИИ',
  session: 'Сессия инструмента',
  refund: 'Возврат платежа',
};
