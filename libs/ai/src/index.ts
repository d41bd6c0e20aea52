export { TELEGRAM_MESSAGE_LIMIT } from '@psycheos/bot-runtime';
export * from './claude/index';
export {
  escapeHtml,
  escapeMarkdown,
  renderTelegramDraft,
  renderTelegramMessages,
  type TelegramFormatOptions,
} from './telegram-format/index';
export { hasAcceptedCurrentTerms, publishCurrentTerms } from './terms/current-terms';
export { type CaseSession, fitsScope, type PracticeSession } from './tool-bot/session-scope';
export { createToolBot, launchRefusalText, type ToolBotOptions } from './tool-bot/tool-bot';
export type { ToolContext, ToolFlavor } from './tool-bot/tool-context';
export {
  buildToolService,
  type ToolServiceDefinition,
  type ToolServiceOptions,
} from './tool-bot/tool-service';
export {
  findOpenSession,
  finishToolSession,
  openToolSession,
  saveSessionState,
} from './tool-bot/tool-sessions';
export {
  aiJobTaskName,
  forgetLegacyAiQueuesOf,
  LEGACY_AI_JOB_TASK,
} from './tool-runtime/ai-job-routing';
export {
  type AiJobRequest,
  type AiJobRequestOutcome,
  type RetryOutcome,
  requestAiJob,
  retryAiJob,
} from './tool-runtime/ai-jobs';
export { AnswerStream, draftIdFor } from './tool-runtime/answer-stream';
export {
  appendTurn,
  type Conversation,
  condenseIfNeeded,
  conversationMessages,
  estimateTokens,
  loadConversation,
  startNewTopic,
} from './tool-runtime/conversation';
export { dataBlock } from './tool-runtime/data-block';
export type {
  MessageParam,
  ModelClient,
  ModelOutput,
  ModelRequest,
  StreamCallbacks,
  ToolChoiceParam,
  ToolParam,
} from './tool-runtime/model-client';
export { loadPrompts, type Prompt } from './tool-runtime/prompts';
export { normalizeForQuote } from './tool-runtime/quotes';
export {
  addResultCorrection,
  CASE_RESULT_KINDS,
  type CaseResultKind,
  findOwnResult,
  listCaseResults,
  listPracticeResults,
  markResultChecked,
  type NewResult,
  type OwnResult,
  type PracticeResultKind,
  RESULT_CALLBACK,
  type ResultKind,
  resultReviewButtons,
  reviewLabel,
  saveResult,
} from './tool-runtime/results';
export {
  RETRY_CALLBACK_PREFIX,
  retryButton,
  runtimeTexts,
  TOP_UP_START,
} from './tool-runtime/runtime-texts';
export type { AiJobRun, AiJobSpec, AiJobSpecs, FinalAnswer } from './tool-runtime/tool-definition';
export { addUsage, NO_USAGE, recordUsage, type TokenUsage } from './tool-runtime/usage';
