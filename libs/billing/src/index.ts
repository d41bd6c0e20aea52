export { type AccountSummary, accountSummary } from './account-summary';
export { canStartAiRequest, chargeAiJob } from './ai-charges';
export {
  type BillingConfig,
  credits,
  DEFAULT_TRIAL_MILLI,
  MILLI,
  readBillingConfig,
  type StarProduct,
  type TokenPrices,
} from './billing-config';
export {
  invoicePayload,
  type PayloadProduct,
  ProductCatalogue,
  parsePayload,
  STARS,
  SUBSCRIPTION_PERIOD_SECONDS,
} from './catalogue';
export { formatCredits } from './format';
export {
  appendEntry,
  balanceOf,
  grantTrial,
  type NewLedgerEntry,
  recentEntries,
} from './ledger';
export {
  latestPayments,
  lockPayment,
  lockPaymentByCharge,
  type NotCreditedReason,
  type PaymentOutcome,
  type RefundOutcome,
  type RenewingSubscription,
  recordRefund,
  recordSuccessfulPayment,
  renewingSubscription,
  type SubscriptionStatus,
  type SuccessfulPayment,
  subscriptionOf,
  unlinkPayments,
} from './payments';
export {
  checkPreCheckout,
  type PreCheckoutQuery,
  type PreCheckoutRefusal,
  type PreCheckoutVerdict,
} from './pre-checkout';
export { costOfUsage, type UsageTokens } from './pricing';
export { type MonthReport, monthlyReport } from './reports';
export {
  TYPICAL_SIMULATION_LINES,
  TYPICAL_USAGE,
  type TypicalCosts,
  typicalCosts,
} from './typical-costs';
