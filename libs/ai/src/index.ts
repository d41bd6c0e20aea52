export {
  checkTelegramHtml,
  TELEGRAM_MESSAGE_LIMIT,
  type TelegramHtmlCheck,
} from '@psycheos/shared';
export * from './claude/index';
export {
  escapeHtml,
  renderTelegramDraft,
  renderTelegramMessages,
  type TelegramFormatOptions,
} from './telegram-format/index';
