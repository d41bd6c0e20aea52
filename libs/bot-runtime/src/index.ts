export { answerEverywhere } from './access/answer-everywhere';
export { replyToStranger } from './access/stranger-replies';
export {
  type AiConfig,
  type BotCredentials,
  DEFAULT_ANTHROPIC_MODEL,
  DEFAULT_TELEGRAM_API_ROOT,
  loadServiceConfig,
  type ServiceConfig,
} from './config/service-config';
export {
  SPECIALIST_TERMS_MAX_LENGTH,
  type SpecialistTerms,
  specialistTerms,
} from './config/specialist-terms';
export {
  type ChatState,
  type ChatStateChange,
  upsertChatState,
} from './pipeline/chat-state';
export {
  type ChatStates,
  defineChatStates,
  keepsNothing,
  keepsString,
  keepsStrings,
  type StateOf,
} from './pipeline/chat-states';
export { pruneDedup } from './pipeline/dedup-retention';
export type { PipelineContext, PipelineFlavor } from './pipeline/pipeline-context';
export {
  createWebhookPipeline,
  parseUpdate,
  type WebhookPipelineDeps,
  type WebhookRequest,
  type WebhookResponse,
} from './pipeline/webhook-pipeline';
export { registerWebhookRoute } from './pipeline/webhook-route';
export {
  enqueueReplies,
  enqueueUrgentReplies,
  REPLY_PRIORITY,
  type ReplyBatch,
  type ReplyPriority,
  replyBacklog,
} from './replies/reply-outbox';
export { type ReplyRenderer, ReplySender } from './replies/reply-sender';
export { keepTablesBounded } from './retention/keep-tables-bounded';
export {
  pruneChatStates,
  pruneEvents,
  pruneLaunchTokens,
  pruneTables,
} from './retention/prune-tables';
export {
  DEFAULT_RETENTION,
  type RetentionPeriods,
  readRetentionPeriods,
} from './retention/retention-periods';
export { characters, charactersGenitive } from './russian/nouns';
export { counted, type PluralForms, plural } from './russian/plural';
export {
  type BotServiceOptions,
  buildBotServiceApp,
  type ServiceDeps,
} from './service/bot-service-app';
export { runBotService } from './service/run-bot-service';
export { DeferredTelegramCalls, deferRenderedCall } from './telegram/deferred-calls';
export { LINK_CHECK_MS, watchTelegramLink } from './telegram/link-watch';
export { TelegramClient, type TelegramClientOptions } from './telegram/telegram-client';
export { TELEGRAM_MESSAGE_LIMIT } from './telegram/telegram-limits';
export { telegramClientFor } from './telegram/telegram-plugins';
export { networkReason, type TelegramLink, TelegramStatus } from './telegram/telegram-status';
