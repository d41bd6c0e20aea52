/**
 * The two keyboards a bot can show: inline buttons under a message, and the reply keyboard
 * above the message box, whose buttons send their text as the person's message.
 */

/** What pressing an inline button does, by the field Telegram reads first. */
export function buttonKind(button) {
  if (button.pay) return 'pay';
  if (button.callback_data !== undefined) return 'callback';
  if (button.web_app) return 'web_app';
  if (button.url) return 'url';
  if (button.copy_text) return 'copy_text';
  return 'unsupported';
}

const KIND_MARKS = { url: '↗', web_app: '▣', copy_text: '⧉' };

export function renderInlineKeyboard(message, onButton) {
  const keyboard = document.createElement('div');
  keyboard.className = 'inline-keyboard';
  for (const row of message.inlineKeyboard ?? []) {
    const line = document.createElement('div');
    line.className = 'inline-row';
    for (const button of row) {
      const kind = buttonKind(button);
      const element = document.createElement('button');
      element.type = 'button';
      element.className = 'inline-button';
      element.dataset.testid = 'inline-button';
      element.dataset.kind = kind;
      element.textContent = button.text;
      if (KIND_MARKS[kind]) {
        const mark = document.createElement('span');
        mark.className = 'button-mark';
        mark.textContent = KIND_MARKS[kind];
        element.append(mark);
      }
      if (kind === 'unsupported') {
        element.disabled = true;
        element.title = 'Эта кнопка в песочнице не работает';
      }
      if (kind === 'pay' && message.invoice?.paidChargeId) element.disabled = true;
      element.addEventListener('click', () => onButton(message, button, kind, element));
      line.append(element);
    }
    keyboard.append(line);
  }
  return keyboard;
}

/** The reply keyboard, or nothing when the bot removed it. */
export function renderReplyKeyboard(container, rows, onPress) {
  container.replaceChildren();
  container.hidden = !rows?.length;
  for (const row of rows ?? []) {
    const line = document.createElement('div');
    line.className = 'reply-row';
    for (const button of row) {
      const text = typeof button === 'string' ? button : button.text;
      const element = document.createElement('button');
      element.type = 'button';
      element.className = 'reply-button';
      element.dataset.testid = 'reply-button';
      element.textContent = text;
      element.addEventListener('click', () => onPress(text));
      line.append(element);
    }
    container.append(line);
  }
}
