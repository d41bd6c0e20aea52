import {
  formatCredits,
  MILLI,
  type MonthReport,
  type NotCreditedReason,
  type PreCheckoutRefusal,
  type StarProduct,
  type SubscriptionStatus,
  type TokenPrices,
  TYPICAL_SIMULATION_LINES,
  type TypicalCosts,
} from '@psycheos/billing';
import { counted, type PluralForms, plural } from '@psycheos/bot-runtime';
import type { LedgerEntry, LedgerEntryKind, StarPayment } from '@psycheos/db';

import type { AdminRefund } from './bot/refund-payment';
import type { SubscriptionCancellation } from './bot/subscription-cancellation';
import { date, dateTime } from './dates';

/** Everything pro says about credits and Stars. Plain text, like the rest of pro. */

const creditForms: PluralForms = { one: 'кредит', few: 'кредита', many: 'кредитов' };
const lineForms: PluralForms = { one: 'реплика', few: 'реплики', many: 'реплик' };

/** 1 кредит, 2 кредита, 1 000 кредитов: a product's whole credits. */
const wholeCredits = (milli: number) => counted(Math.floor(milli / MILLI), creditForms);

/** 0,5 кредита, 1 кредит, 12,5 кредита: the noun agrees with the number as shown. */
const creditsOf = (milli: number) =>
  `${formatCredits(milli)} ${plural(Math.round(milli / 10) / 100, creditForms)}`;

/** What a use costs, said as a person would: whole credits, or «меньше 1 кредита». */
const roughly = (milli: number) =>
  milli < MILLI
    ? 'меньше 1 кредита'
    : `примерно ${counted(Math.round(milli / MILLI), creditForms)}`;

/** The typical costs, instead of prices per 1000 tokens that mean nothing to a psychologist. */
const typicalUse = (typical: TypicalCosts) =>
  `Сколько это в работе: разбор материала в Интерпретаторе — ${roughly(typical.interpretationMilli)}, симуляция с разбором (${counted(TYPICAL_SIMULATION_LINES, lineForms)} терапевта) — ${roughly(typical.simulationMilli)}. Точный расход зависит от объёма материала и длины разговора.`;

const entryKindText: Record<LedgerEntryKind, string> = {
  trial: 'Пробный период',
  grant: 'Начисление администратора',
  purchase: 'Покупка',
  subscription: 'Подписка',
  usage: 'Запрос к ИИ',
  session: 'Сессия инструмента',
  refund: 'Возврат платежа',
};

function notCreditedReasonText(reason: NotCreditedReason): string {
  switch (reason.kind) {
    case 'unknown_product':
      return 'в счёте товар, которого нет в продаже';
    case 'wrong_currency':
      return `оплачен в валюте ${reason.currency}, а не в звёздах (XTR)`;
    case 'wrong_amount':
      return `оплачено ${reason.paid} ⭐, а ${reason.productId} стоит ${reason.price} ⭐`;
    case 'not_a_specialist':
      return 'плательщик не специалист (аккаунт удалён или не зарегистрирован)';
  }
}

const signed = (milli: number) => (milli > 0 ? `+${formatCredits(milli)}` : formatCredits(milli));

export const billingLabels = {
  balance: '💳 Баланс',
  payments: '💳 Платежи',
  refund: (paymentId: number) => `↩️ Вернуть №${paymentId}`,
} as const;

export const billingTexts = {
  balance: (view: {
    balanceMilli: number;
    subscription: SubscriptionStatus | null;
    entries: LedgerEntry[];
    typical: TypicalCosts;
  }) =>
    [
      `💳 Кредитов на балансе: ${formatCredits(view.balanceMilli)}`,
      view.balanceMilli <= 0
        ? 'Запросы к ИИ-инструментам приостановлены до пополнения.'
        : 'Кредиты расходуются на ответы ИИ-инструментов.',
      '',
      view.subscription
        ? `🔁 Подписка активна, оплачена до ${date(view.subscription.paidUntil)}. Telegram продлит её автоматически; отменить можно в настройках Telegram (Мои звёзды).`
        : 'Подписки нет.',
      '',
      view.entries.length === 0
        ? 'Операций пока не было.'
        : [
            'Последние операции:',
            ...view.entries.map(
              (entry) =>
                `${dateTime(entry.created_at)}  ${signed(entry.amount_milli)}  ${entryKindText[entry.kind]}`,
            ),
          ].join('\n'),
      '',
      typicalUse(view.typical),
      '/terms — условия, /paysupport — вопросы по оплате.',
    ].join('\n'),
  packButton: (product: StarProduct) =>
    `${wholeCredits(product.creditsMilli)} — ${product.stars} ⭐`,
  subscriptionButton: (product: StarProduct) =>
    `🔁 ${wholeCredits(product.creditsMilli)} каждые 30 дней — ${product.stars} ⭐`,
  invoiceTitle: (product: StarProduct) =>
    product.kind === 'pack'
      ? `${wholeCredits(product.creditsMilli)} PsycheOS`
      : `Подписка PsycheOS: ${wholeCredits(product.creditsMilli)}`,
  invoiceDescription: (product: StarProduct) =>
    product.kind === 'pack'
      ? `${wholeCredits(product.creditsMilli)} на ответы ИИ-инструментов PsycheOS Pro: Интерпретатора, Концептуализатора и Симулятора.`
      : `${wholeCredits(product.creditsMilli)} каждые 30 дней на ответы ИИ-инструментов PsycheOS Pro. Продлевается автоматически, отменить можно в любой момент в настройках Telegram.`,
  priceLabel: (product: StarProduct) => wholeCredits(product.creditsMilli),
  subscriptionLink: 'Подписка оформляется в Telegram: нажмите кнопку ниже и подтвердите оплату.',
  openSubscription: '🔁 Оформить подписку',
  productGone: 'Этого предложения больше нет. Откройте /balance заново.',
  alreadySubscribed: (until: Date) =>
    `Подписка уже активна до ${date(until)}; Telegram продлит её сам.`,
  invoiceFailed: 'Не удалось создать счёт. Попробуйте ещё раз через минуту.',
  preCheckoutRefusal: {
    unknown_product:
      'Этого предложения больше нет. Откройте /balance в PsycheOS Pro и выберите заново.',
    price_changed: 'Цена изменилась. Откройте /balance в PsycheOS Pro и оформите покупку заново.',
    not_a_specialist: 'Покупка доступна только зарегистрированным специалистам PsycheOS Pro.',
    blocked: 'Ваш доступ к PsycheOS Pro заблокирован администратором; оплата невозможна.',
  } satisfies Record<PreCheckoutRefusal, string>,
  paid: (creditsMilli: number, balanceMilli: number) =>
    `✅ Оплата получена: начислено ${formatCredits(creditsMilli)}. Кредитов на балансе: ${formatCredits(balanceMilli)}.`,
  /** True to the letter: "an admin was told" only when there is an admin to tell. */
  paidNotCredited: (isAdminTold: boolean) =>
    isAdminTold
      ? '⚠️ Оплата получена, но кредиты не начислены. Администратор уже получил уведомление и разберётся: вернёт звёзды или начислит кредиты. Вопросы по оплате — /paysupport.'
      : '⚠️ Оплата получена, но кредиты не начислены. Напишите /paysupport — мы вернём звёзды или начислим кредиты вручную.',
  /** For ADMIN_IDS: the payment and what was wrong, nothing about the payer beyond that. */
  adminPaymentNotCredited: (payment: StarPayment, reason: NotCreditedReason) =>
    [
      `⚠️ Платёж №${payment.payment_id} (${payment.stars} ${reason.kind === 'wrong_currency' ? reason.currency : '⭐'}) не зачислен: ${notCreditedReasonText(reason)}.`,
      `Номер платежа в Telegram: ${payment.telegram_payment_charge_id}`,
      `Верните звёзды: /refund ${payment.telegram_payment_charge_id} (или «💳 Платежи» → ↩️ Вернуть №${payment.payment_id}).`,
    ].join('\n'),
  /** Added to /delete_me's confirmation when the specialist had a subscription. */
  subscriptionOnDeletion: {
    cancelled: '🔁 Подписка на кредиты отменена: Telegram больше не будет списывать за неё звёзды.',
    not_confirmed:
      '⚠️ Подписку на кредиты отменить не удалось: Telegram не подтвердил отмену. Отмените её сами, иначе Telegram продолжит списывать звёзды: Настройки Telegram → Мои звёзды → подписка PsycheOS → Отменить подписку. Если звёзды всё же спишут, напишите /paysupport.',
  } satisfies Record<Exclude<SubscriptionCancellation, 'none'>, string>,
  refunded: (creditsMilli: number, balanceMilli: number) =>
    `↩️ Платёж возвращён: списано ${formatCredits(creditsMilli)}. Кредитов на балансе: ${formatCredits(balanceMilli)}.`,
  paySupport: (contact: string | undefined) =>
    [
      'Вопросы по оплате звёздами Telegram.',
      '',
      contact
        ? `Напишите нам: ${contact}. Укажите дату платежа и сумму, а если можете — номер платежа из Telegram (Мои звёзды → этот платёж).`
        : 'Напишите администратору PsycheOS, который прислал вам приглашение. Укажите дату платежа и сумму.',
      '',
      'Возврат возможен, если кредиты из покупки ещё не потрачены. Поддержка Telegram не рассматривает вопросы о покупках в ботах.',
    ].join('\n'),
  terms: (prices: TokenPrices, trialMilli: number, typical: TypicalCosts) =>
    [
      'Условия PsycheOS Pro',
      '',
      '1. Ответы ИИ-инструментов (Интерпретатор, Концептуализатор, Симулятор) оплачиваются кредитами. Кредиты покупаются за звёзды Telegram пакетами или по подписке на 30 дней.',
      `2. Новый специалист получает на пробу ${creditsOf(trialMilli)}.`,
      `3. Расход зависит от объёма: ${creditsOf(prices.inputPer1k)} за 1000 токенов запроса и ${creditsOf(prices.outputPer1k)} за 1000 токенов ответа${prices.perSession > 0 ? `, ${creditsOf(prices.perSession)} за сессию инструмента` : ''}. ${typicalUse(typical)} Запрос, на который ИИ не ответил, не списывается.`,
      '4. Запрос не отправляется, если баланс не положительный. Начатый ответ доводится до конца, даже если баланс уйдёт немного в минус.',
      '5. Подписка продлевается автоматически; отменить её можно в настройках Telegram. Кредиты не сгорают.',
      '6. Возврат звёзд — через /paysupport. При возврате кредиты покупки списываются.',
      '7. Результаты ИИ — вспомогательный материал для специалиста, а не диагноз и не замена клинического суждения.',
      '8. /delete_me отменяет подписку и удаляет аккаунт и данные; записи о платежах (сумма, дата, номер платежа) хранятся без связи с вами, как требует закон.',
    ].join('\n'),
  grantUsage:
    'Начислить кредиты: /grant <Telegram ID специалиста> <кредиты>, например /grant 123456789 50',
  grantDone: (creditsMilli: number, name: string) =>
    `Начислено ${formatCredits(creditsMilli)} специалисту ${name}.`,
  grantNoSpecialist: 'Специалист с таким Telegram ID не найден.',
  paymentsReport: (months: MonthReport[], payments: StarPayment[]) =>
    [
      '💳 Платежи и расход по месяцам (UTC):',
      ...months.map(
        (month) =>
          `${month.month.toISOString().slice(0, 7)}: платежей ${month.payments}, получено ${month.starsReceived} ⭐, возвращено ${month.starsRefunded} ⭐; продано ${formatCredits(month.creditsSoldMilli)} кр., израсходовано ${formatCredits(month.creditsSpentMilli)} кр.; токены ${month.inputTokens.toLocaleString('ru-RU')} / ${month.outputTokens.toLocaleString('ru-RU')}`,
      ),
      '',
      payments.length === 0 ? 'Платежей пока не было.' : 'Последние платежи:',
      ...payments.map(
        (payment) =>
          `№${payment.payment_id} ${dateTime(payment.created_at)}  ${payment.stars} ⭐  ${payment.product_id}${payment.refunded_at ? '  (возвращён)' : ''}${payment.credits_milli === 0 ? '  (не зачислен)' : ''}${payment.specialist_user_id ? '' : '  (аккаунт удалён)'}\n    в Telegram: ${payment.telegram_payment_charge_id}`,
      ),
      '',
      'Начислить кредиты: /grant <Telegram ID> <кредиты>',
      'Вернуть платёж, в том числе не из этого списка: /refund <номер платежа в Telegram>',
    ].join('\n'),
  /** The same words for the ↩️ button and for /refund. */
  refundOutcome: (outcome: AdminRefund) => {
    switch (outcome.kind) {
      case 'not_found':
        return 'Платёж не найден.';
      case 'already_refunded':
        return `Платёж №${outcome.paymentId} уже возвращён.`;
      case 'payer_deleted':
        return `Платёж №${outcome.paymentId} нельзя вернуть: аккаунт плательщика удалён.`;
      case 'refused':
        return `Telegram не выполнил возврат платежа №${outcome.paymentId}: ${outcome.description ?? 'нет связи с Telegram'}. Ничего не списано; попробуйте позже.`;
      case 'refunded':
        return `Платёж №${outcome.paymentId} возвращён, кредиты списаны.`;
    }
  },
  refundUsage: [
    'Вернуть платёж: /refund <номер платежа в Telegram>, например /refund stxAbC123',
    'Номер есть в «💳 Платежи» (строка «в Telegram») и в уведомлении о незачисленном платеже; плательщик найдёт его в Telegram: Мои звёзды → этот платёж.',
    'Подойдёт и номер платежа в PsycheOS: /refund №12',
  ].join('\n'),
  refundNotFound: (typed: string) =>
    `Платёж «${typed}» не найден. Скопируйте номер целиком: из «💳 Платежи», из уведомления о незачисленном платеже или у плательщика (Мои звёзды → этот платёж).`,
} as const;
