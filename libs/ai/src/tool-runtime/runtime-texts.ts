import type { InlineKeyboardMarkup } from 'grammy/types';

/** What every AI tool says about the AI itself, in the bots' language. */
export const runtimeTexts = {
  notConfigured:
    'ИИ не настроен на этом сервере: администратор не указал ключ Anthropic (ANTHROPIC_API_KEY). Сессия открыта, но запросы к модели сейчас невозможны.',
  unavailable:
    'Модель сейчас перегружена или недоступна, ответ получить не удалось. Материал сохранён в сессии: нажмите «Повторить», чтобы отправить запрос ещё раз.',
  rejected:
    'Сервис модели отклонил запрос: похоже, сервер PsycheOS настроен неверно. Администратор увидит причину в журнале. Материал сохранён в сессии: когда настройку исправят, нажмите «Повторить».',
  retryQueued: 'Запрос отправлен повторно.',
  retryGone: 'Этот запрос уже повторён или выполнен.',
  retrySessionClosed: 'Сессия закрыта. Откройте инструмент заново в PsycheOS Pro.',
  retryCaseArchived: 'Кейс в архиве. Восстановите его в PsycheOS Pro, чтобы продолжить.',
  inProgress: '⏳ Предыдущий запрос ещё готовится. Дождитесь ответа, затем отправьте следующий.',
  notProcessed: 'Не получилось обработать запрос — нажмите «Повторить».',
  withdrawnSessionClosed:
    'Запрос отменён: сессия закрыта до того, как он был выполнен. Кредиты не списаны. Чтобы продолжить, откройте инструмент заново в PsycheOS Pro (кейс или «🎓 Тренажёр»).',
  withdrawnCaseArchived:
    'Запрос отменён: кейс в архиве. Кредиты не списаны. Восстановите кейс в PsycheOS Pro, чтобы продолжить.',
  withdrawnBlocked: 'Запрос отменён: доступ к PsycheOS заблокирован администратором.',
  noCredits:
    '💳 Кредиты закончились, поэтому запрос не отправлен. Пополните баланс в PsycheOS Pro — материал сессии сохранён, после пополнения отправьте запрос снова.',
  topUp: '💳 Пополнить',
  privacyNotice:
    '🔒 Перед отправкой материала уберите из него всё, что позволяет узнать клиента: имена, фамилии, адреса, телефоны, места работы и учёбы, даты рождения. Модель получает только текст сессии и нейтральное обозначение кейса.',
} as const;

export const RETRY_CALLBACK_PREFIX = 'ai:retry:';

/** pro's /start payload that opens the balance with the ways to top it up. */
export const TOP_UP_START = 'topup';

export function retryButton(jobId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: '🔁 Повторить', callback_data: `${RETRY_CALLBACK_PREFIX}${jobId}` }],
    ],
  };
}
