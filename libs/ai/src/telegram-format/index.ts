export { escapeHtml } from './html-render';
export {
  renderTelegramDraft,
  renderTelegramMessages,
  type TelegramFormatOptions,
} from './telegram-messages';
