export { escapeHtml } from './html-render';
export { escapeMarkdown } from './markdown-escape';
export {
  renderTelegramDraft,
  renderTelegramMessages,
  type TelegramFormatOptions,
} from './telegram-messages';
