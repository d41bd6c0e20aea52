import { renderDraft, renderMessage } from './message.js';

/**
 * The open chat's message list. Updates arrive often (a streamed draft changes many times a
 * second), so only the messages that changed are drawn again: a photo does not reload and a
 * text being selected is not lost. The list stays at the bottom while the reader is there.
 */
export class ChatList {
  #list;
  #handlers;
  /** messageId -> { element, signature } of what is on screen. */
  #shown = new Map();
  #chatKey = '';
  /** Whether the reader is at the newest message (so new ones keep it in view). */
  #isPinned = true;

  /** handlers: onButton, onPay (message.js) and onStart (the empty chat's «/start»). */
  constructor(list, handlers) {
    this.#list = list;
    this.#handlers = handlers;
    // A photo loads after it is drawn and pushes the newest messages down: follow it.
    list.addEventListener(
      'load',
      () => {
        if (this.#isPinned) list.scrollTop = list.scrollHeight;
      },
      true,
    );
    // So does a reply keyboard that appears under the list after it was drawn (the menu
    // after registering): the list shrinks and the newest message would sit below the fold.
    // Judged by the height it had: the scroll event of the last draw may only come after
    // the shrink, and would find the reader no longer at the bottom.
    let height = list.clientHeight;
    new ResizeObserver(() => {
      const wasAtBottom = list.scrollHeight - list.scrollTop - height < 48;
      height = list.clientHeight;
      if (wasAtBottom) list.scrollTop = list.scrollHeight;
    }).observe(list);
    list.addEventListener('scroll', () => {
      this.#isPinned = this.#isAtBottom();
    });
  }

  /** Draws `chat`; `stickToBottom` scrolls to the newest message whatever the reader did. */
  render(chat, { stickToBottom = false } = {}) {
    const list = this.#list;
    const chatKey = `${chat.botUsername}:${chat.personId}`;
    const isAnotherChat = chatKey !== this.#chatKey;
    if (isAnotherChat) {
      this.#chatKey = chatKey;
      this.#shown.clear();
      list.replaceChildren();
    }
    const wasAtBottom = this.#isAtBottom();

    const keep = new Set();
    let previous = null;
    for (const message of chat.messages) {
      const element = this.#elementFor(message);
      keep.add(message.messageId);
      const expected = previous ? previous.nextSibling : list.firstChild;
      if (element !== expected) list.insertBefore(element, expected);
      previous = element;
    }
    for (const [messageId, { element }] of this.#shown) {
      if (!keep.has(messageId)) {
        element.remove();
        this.#shown.delete(messageId);
      }
    }
    for (const extra of list.querySelectorAll(
      '[data-testid="draft"], [data-testid="start-hint"]',
    )) {
      extra.remove();
    }
    if (chat.draft) list.append(renderDraft(chat.draft));
    else if (chat.messages.length === 0) list.append(this.#startHint());

    if (isAnotherChat || stickToBottom || wasAtBottom) {
      list.scrollTop = list.scrollHeight;
      this.#isPinned = true;
    }
  }

  #isAtBottom() {
    const list = this.#list;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  }

  #elementFor(message) {
    const signature = JSON.stringify(message);
    const shown = this.#shown.get(message.messageId);
    if (shown?.signature === signature) return shown.element;
    const element = renderMessage(message, this.#handlers);
    // An edited message is replaced where it stands, as Telegram does.
    shown?.element.replaceWith(element);
    this.#shown.set(message.messageId, { element, signature });
    return element;
  }

  #startHint() {
    const hint = document.createElement('div');
    hint.className = 'start-hint';
    hint.dataset.testid = 'start-hint';
    const note = document.createElement('p');
    note.textContent = 'Здесь пока пусто. В Telegram разговор с ботом начинается с команды';
    const start = document.createElement('button');
    start.type = 'button';
    start.className = 'primary';
    start.textContent = '/start';
    start.addEventListener('click', () => this.#handlers.onStart());
    hint.append(note, start);
    return hint;
  }
}
