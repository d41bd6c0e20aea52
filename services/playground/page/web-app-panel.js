/**
 * The Mini App panel beside the chat: the dashboard in an iframe, opened as Telegram's web
 * client opens it, with the launch parameters in the address. The Mini App SDK inside talks
 * to its host with postMessage; the events that matter here are answered as Telegram would.
 */

/** Telegram's light theme, for a Mini App that asks for it again (web_app_request_theme). */
const THEME = {
  bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#707579',
  link_color: '#3390ec',
  button_color: '#3390ec',
  button_text_color: '#ffffff',
  secondary_bg_color: '#f4f4f5',
};

export class WebAppPanel {
  #panel;
  #frame;
  #title;
  #onClose;

  /**
   * handlers: onTelegramLink(href) for a t.me link the Mini App opens,
   * onInvoice(link) for an invoice it opens, onClose() once the panel is closed.
   */
  constructor(panel, handlers) {
    this.#panel = panel;
    this.#frame = panel.querySelector('[data-testid="web-app"]');
    this.#title = panel.querySelector('.web-app-title');
    this.#onClose = handlers.onClose;
    panel
      .querySelector('[data-testid="web-app-close"]')
      .addEventListener('click', () => this.close());
    window.addEventListener('message', (event) => {
      if (event.source !== this.#frame.contentWindow) return;
      this.#onMiniAppEvent(event, handlers);
    });
  }

  get isOpen() {
    return !this.#panel.hidden;
  }

  open(url, title) {
    this.#title.textContent = title;
    this.#frame.src = url;
    this.#panel.hidden = false;
  }

  close() {
    this.#panel.hidden = true;
    this.#frame.src = 'about:blank';
    this.#onClose();
  }

  #onMiniAppEvent(event, handlers) {
    let parsed;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      return;
    }
    const { eventType, eventData } = parsed ?? {};
    const reply = (type, data) =>
      event.source.postMessage(JSON.stringify({ eventType: type, eventData: data }), event.origin);
    switch (eventType) {
      case 'web_app_open_tg_link':
        handlers.onTelegramLink(`https://t.me${eventData?.path_full ?? ''}`);
        break;
      case 'web_app_open_invoice':
        handlers.onInvoice(`https://t.me/$${eventData?.slug ?? ''}`);
        break;
      case 'web_app_open_link':
        if (/^https?:\/\//.test(eventData?.url ?? '')) {
          window.open(eventData.url, '_blank', 'noopener,noreferrer');
        }
        break;
      case 'web_app_close':
        this.close();
        break;
      case 'web_app_request_theme':
        reply('theme_changed', { theme_params: THEME });
        break;
      case 'web_app_request_viewport':
        reply('viewport_changed', {
          height: this.#frame.clientHeight,
          is_expanded: true,
          is_state_stable: true,
        });
        break;
      default:
        break;
    }
  }
}
