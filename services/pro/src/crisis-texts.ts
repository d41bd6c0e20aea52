import { dateTime } from './dates';

/** What pro says about crisis alerts: to the specialist (acknowledging) and to the admins. */
export const crisisTexts = {
  acknowledged: (at: Date) => `✅ Принято ${dateTime(at)}. Время отмечено.`,
  alreadyAcknowledged: 'Это уведомление уже отмечено как принятое.',
  alertNotFound: 'Уведомление не найдено.',
  /** The case card's first lines while some of its alerts are not acknowledged. */
  unacknowledged: (alerts: ReadonlyArray<{ alert_id: number; created_at: Date }>) =>
    [
      '🚨 Кризисные уведомления, которые вы ещё не отметили:',
      ...alerts.map((alert) => `• №${alert.alert_id} от ${dateTime(alert.created_at)}`),
      '',
    ].join('\n'),
  acknowledgeButton: (alertId: number) => `✅ Принято №${alertId}`,
  /** Under an alert once acknowledged: the way to its case stays. */
  acknowledgedButton: '✅ Принято · 📂 Открыть кейс',
  escalationRefused: 'Telegram не доставил его (возможно, специалист заблокировал бота)',
  escalationLate: (minutes: number) => `оно не доставлено за ${minutes} мин.`,
  /** To every admin: the case's id and who the specialist is, never the client's words. */
  escalation: (alert: {
    alertId: number;
    contextId: string;
    raisedAt: Date;
    specialist: string;
    reason: string;
  }) =>
    [
      '🚨 Кризисное уведомление не дошло до специалиста',
      '',
      `Уведомление №${alert.alertId} от ${dateTime(alert.raisedAt)} (МСК)`,
      `Кейс: ${alert.contextId}`,
      `Специалист: ${alert.specialist}`,
      `Причина: ${alert.reason}.`,
      '',
      'Свяжитесь со специалистом другим способом и попросите как можно скорее связаться с клиентом. Клиенту телефоны экстренной помощи уже отправлены.',
    ].join('\n'),
} as const;
