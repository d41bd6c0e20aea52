import { fileUrl } from './api.js';
import { renderInlineKeyboard } from './keyboard.js';
import { appendLinkedText } from './plain-text.js';
import { renderTelegramHtml } from './telegram-html.js';

/**
 * One message as Telegram draws it: the bot's on the left, the person's on the right; its
 * photo, document or invoice; its text (Telegram HTML when the bot sent parse_mode HTML);
 * «изменено» once edited; the inline keyboard under it.
 */
export function renderMessage(message, { onButton, onPay }) {
  const element = document.createElement('div');
  element.className = `message from-${message.from}`;
  element.dataset.testid = 'message';
  element.dataset.messageId = String(message.messageId);
  element.dataset.from = message.from;
  element.dataset.edited = String(Boolean(message.editDate));

  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  if (message.photo) bubble.append(photoOf(message.photo));
  if (message.document) bubble.append(documentOf(message.document));
  if (message.invoice) bubble.append(invoiceOf(message, onPay));
  if (message.payment) bubble.append(paymentOf(message.payment));
  if (message.text) bubble.append(textOf(message));
  if (bubble.childElementCount === 0) bubble.append(emptyNote());
  bubble.append(metaOf(message));
  element.append(bubble);

  if (message.inlineKeyboard?.length) element.append(renderInlineKeyboard(message, onButton));
  return element;
}

/** The bot's draft while it streams an answer (sendMessageDraft): a bubble still being written. */
export function renderDraft(draft) {
  const element = document.createElement('div');
  element.className = 'message from-bot draft';
  element.dataset.testid = 'draft';
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  const text = document.createElement('div');
  text.className = 'text';
  text.textContent = draft.text;
  const typing = document.createElement('span');
  typing.className = 'typing';
  typing.textContent = ' …';
  text.append(typing);
  bubble.append(text);
  element.append(bubble);
  return element;
}

export function priceOf(currency, amount) {
  if (currency === 'XTR') return `⭐ ${amount}`;
  return `${(amount / 100).toFixed(2)} ${currency}`;
}

function textOf(message) {
  const text = document.createElement('div');
  text.className = 'text';
  if (message.parseMode === 'HTML') text.append(renderTelegramHtml(message.text));
  else appendLinkedText(text, message.text);
  return text;
}

/** A photo as Telegram shows it in a chat: as wide as the bubble allows, full size on a click. */
function photoOf(photo) {
  const link = document.createElement('a');
  link.href = fileUrl(photo.fileId);
  link.target = '_blank';
  link.rel = 'noopener';
  const image = document.createElement('img');
  image.className = 'photo';
  image.src = link.href;
  image.alt = photo.fileName ?? 'Фото';
  image.loading = 'lazy';
  link.append(image);
  return link;
}

function documentOf(file) {
  const link = document.createElement('a');
  link.className = 'document';
  link.href = fileUrl(file.fileId);
  link.download = file.fileName ?? 'file';
  link.textContent = `📄 ${file.fileName ?? 'Файл'} · ${sizeOf(file.size)}`;
  return link;
}

function invoiceOf(message, onPay) {
  const { invoice } = message;
  const box = document.createElement('div');
  box.className = 'invoice';
  const title = document.createElement('div');
  title.className = 'invoice-title';
  title.textContent = invoice.title;
  const description = document.createElement('div');
  description.className = 'invoice-description';
  description.textContent = invoice.description;
  const price = document.createElement('div');
  price.className = 'invoice-price';
  price.textContent = priceOf(invoice.currency, invoice.totalAmount);
  const pay = document.createElement('button');
  pay.type = 'button';
  pay.className = 'primary pay-button';
  pay.dataset.testid = 'pay-invoice';
  const isPaid = Boolean(invoice.paidChargeId);
  pay.disabled = isPaid;
  pay.dataset.paid = String(isPaid);
  pay.textContent = isPaid ? '✓ Оплачено' : 'Оплатить (тест)';
  pay.addEventListener('click', () => onPay(message, pay));
  box.append(title, description, price, pay);
  return box;
}

function paymentOf(payment) {
  const note = document.createElement('div');
  note.className = 'payment';
  note.textContent = `✓ Оплачено: ${priceOf(payment.currency, payment.totalAmount)} (тест)`;
  return note;
}

function metaOf(message) {
  const meta = document.createElement('div');
  meta.className = 'meta';
  if (message.editDate) {
    const edited = document.createElement('span');
    edited.className = 'edited';
    edited.dataset.testid = 'edited';
    edited.textContent = 'изменено';
    meta.append(edited, ' ');
  }
  meta.append(timeOf(message.date));
  return meta;
}

function emptyNote() {
  const note = document.createElement('div');
  note.className = 'text muted';
  note.textContent = '(пустое сообщение)';
  return note;
}

const timeOf = (unixSeconds) =>
  new Date(unixSeconds * 1000).toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });

function sizeOf(bytes) {
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
}
