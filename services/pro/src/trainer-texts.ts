import { date } from './dates';

/** The trainer's words in pro: its menu button, its message, its results. */
export const trainerLabels = {
  trainer: '🎓 Тренажёр',
  openSimulator: '▶️ Открыть «Симулятор»',
} as const;

export const trainerTexts = {
  intro:
    '🎓 Тренажёр: сессия КПТ с виртуальным клиентом в боте «Симулятор». Вы ведёте сессию как терапевт, модель играет клиента, а после «⏹ Завершить» супервизор оценивает сессию по шкале CTRS.\n\nТренировки не связаны с кейсами: клиенты здесь вымышленные, итоги видите только вы, и они не попадают ни в историю кейсов, ни в материал для других инструментов.',
  link: 'Ссылка ниже одноразовая и действует 30 минут.',
  unavailable: '«Симулятор» пока не подключён. Попробуйте позже или напишите администратору.',
  results: 'Ваши последние тренировки — нажмите, чтобы открыть оценку:',
  noResults: 'Оценённых тренировок пока нет.',
  resultEntry: (title: string, createdAt: Date, review: string) =>
    `${date(createdAt)} · ${title} · ${review}`,
} as const;
