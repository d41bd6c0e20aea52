import { api } from './api.js';
import { renderBots } from './bots.js';
import { ChatList } from './chat.js';
import { renderChatTitle } from './chat-title.js';
import { setupComposer } from './composer.js';
import { isFirstStepsDismissed, renderFirstSteps, setFirstStepsDismissed } from './first-steps.js';
import { renderReplyKeyboard } from './keyboard.js';
import { classifyLink, startLinksIn } from './links.js';
import { followChanges } from './live.js';
import { askForPerson, renderPeople } from './people.js';
import { restoreSelection, saveSelection } from './selection.js';
import { showToast } from './toast.js';
import { UnreadTracker, unreadMarks } from './unread.js';
import { WebAppPanel } from './web-app-panel.js';

/**
 * The page: who you are (left, top), the bots (left), the chat (centre), the first steps
 * or a Mini App (right). Everything the chats hold lives on the server; the page keeps
 * only which person and bot are open, and what each person has read.
 */

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

const page = { state: null, personId: 0, botUsername: '', overview: null };
const unread = new UnreadTracker();
let chatList;
let webApp;

const currentBot = () => page.state.bots.find((bot) => bot.username === page.botUsername);

async function start() {
  page.state = await api.state();
  Object.assign(page, restoreSelection(page.state));
  chatList = new ChatList($('messages'), {
    onButton: pressButton,
    onPay: payInvoiceMessage,
    onStart: () => sendText('/start'),
  });
  webApp = new WebAppPanel($('web-app-panel'), {
    onTelegramLink: (href) => followLink(href),
    onInvoice: (link) => payInvoiceLink(link),
    onClose: showFirstStepsUnlessDismissed,
  });
  const composer = setupComposer(document.querySelector('.composer-bar'), (text) => sendText(text));
  wireSidebar();
  $('messages').addEventListener('click', onMessageClick);
  showFirstStepsUnlessDismissed();
  await refresh({ stickToBottom: true });
  composer.focus();
  followChanges(page.state.version, () => refresh());
}

// ---- what is shown -------------------------------------------------------------------

async function refresh(options) {
  await Promise.all([refreshChat(options), refreshOverview()]);
}

async function refreshChat({ stickToBottom = false } = {}) {
  const bot = currentBot();
  if (!bot) return;
  const personId = page.personId;
  const chat = await api.chat(bot.username, personId);
  // The developer may have switched while this was on its way.
  if (bot.username !== page.botUsername || personId !== page.personId) return;
  chatList.render(chat, { stickToBottom });
  showNewNotice(chat);
  renderReplyKeyboard($('reply-keyboard'), chat.replyKeyboard, (text) => sendText(text));
  unread.markRead(personId, bot.username, chat.messages);
  drawSidebar();
}

/** noticeId last seen per chat: a notice shows once, and not again when the chat is reopened. */
const seenNotices = new Map();

/** What the bot answered a button press with, as Telegram shows it over the chat. */
function showNewNotice(chat) {
  const key = `${chat.botUsername}:${chat.personId}`;
  const noticeId = chat.notice?.noticeId;
  const isFirstLook = !seenNotices.has(key);
  if (seenNotices.get(key) === noticeId) return;
  seenNotices.set(key, noticeId);
  if (!isFirstLook && chat.notice) showToast(chat.notice.text, { isAlert: chat.notice.showAlert });
}

async function refreshOverview() {
  page.overview = await api.overview();
  drawSidebar();
}

function drawSidebar() {
  const marks = unreadMarks(page.overview, unread, page.personId, page.botUsername);
  renderPeople($('person-switcher'), {
    people: page.state.people,
    currentId: page.personId,
    unreadPeople: marks.people,
    onSelect: (personId) => openChat(personId, page.botUsername),
  });
  renderBots($('bot-list'), {
    bots: page.state.bots,
    currentUsername: page.botUsername,
    unreadBots: marks.bots,
    onSelect: (username) => openChat(page.personId, username),
  });
  const person = page.state.people.find((candidate) => candidate.id === page.personId);
  renderChatTitle($('chat-title'), currentBot(), person);
}

async function openChat(personId, username) {
  page.personId = personId;
  page.botUsername = username;
  saveSelection(personId, username);
  drawSidebar();
  await refreshChat({ stickToBottom: true });
}

// ---- what the person does --------------------------------------------------------------

/** Sends `text` as the current person to the open bot; says so when the bot did not take it. */
async function sendText(text) {
  const bot = currentBot();
  if (!bot) return;
  await act(() => api.send(bot.username, page.personId, text));
  await refreshChat({ stickToBottom: true });
}

async function act(action) {
  try {
    const result = await action();
    if (result && result.ok === false) showToast(result.reason);
    return result;
  } catch (error) {
    showToast(error.message);
    return undefined;
  }
}

async function pressButton(message, button, kind) {
  const bot = currentBot();
  switch (kind) {
    case 'callback':
      await act(() =>
        api.press(bot.username, page.personId, message.messageId, button.callback_data),
      );
      await refreshChat();
      return;
    case 'url':
      return followLink(button.url);
    case 'web_app':
      return openWebApp(button.web_app.url, button.text);
    case 'pay':
      return payInvoiceMessage(message);
    case 'copy_text':
      await navigator.clipboard.writeText(button.copy_text.text);
      showToast('Скопировано');
      return;
    default:
      return;
  }
}

async function payInvoiceMessage(message) {
  const bot = currentBot();
  await act(() => api.pay(bot.username, page.personId, { messageId: message.messageId }));
  await refreshChat({ stickToBottom: true });
}

/** An invoice link (createInvoiceLink) opens Telegram's payment form: here, a confirmation. */
async function payInvoiceLink(link) {
  const dialog = $('pay-dialog');
  dialog.returnValue = '';
  dialog.showModal();
  await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
  if (dialog.returnValue !== 'pay') return;
  const bot = currentBot();
  await act(() => api.pay(bot.username, page.personId, { link }));
  await refreshChat({ stickToBottom: true });
}

async function openWebApp(url, title) {
  const bot = currentBot();
  const launch = await act(() => api.webApp(bot.username, page.personId, url));
  if (!launch?.url) return;
  $('first-steps').hidden = true;
  webApp.open(launch.url, title);
}

/**
 * A link from a message, a button, the Mini App or the «Открыть ссылку» field, followed as
 * Telegram would: a bot's link opens its chat (as `asPersonId`) and sends /start with the
 * payload; an invoice link asks to pay; a web page opens in a new tab.
 */
async function followLink(href, asPersonId = page.personId) {
  const meaning = classifyLink(href, page.state.bots);
  if (meaning.kind === 'invoice') return payInvoiceLink(meaning.link);
  if (meaning.kind === 'web') {
    if (/^https?:\/\//i.test(meaning.url))
      window.open(meaning.url, '_blank', 'noopener,noreferrer');
    else showToast('Эту ссылку песочница не открывает');
    return;
  }
  await openChat(asPersonId, meaning.username);
  if (meaning.payload) await sendText(`/start ${meaning.payload}`);
}

/** Links and /commands inside messages: the page follows a bot's link itself. */
function onMessageClick(event) {
  const target = event.target.closest('a[data-link], a[data-command]');
  if (!target) return;
  if (target.dataset.command) {
    event.preventDefault();
    void sendText(target.dataset.command);
    return;
  }
  if (classifyLink(target.dataset.link, page.state.bots).kind !== 'web') {
    event.preventDefault();
    void followLink(target.dataset.link);
  }
}

/** The newest link to `toBot` that `fromPersonId` got in `inBot`, opened as `asPersonId`. */
async function openLatestLink(fromPersonId, inBot, toBot, asPersonId) {
  const chat = await api.chat(inBot, fromPersonId);
  const link = chat.messages
    .flatMap((message) => startLinksIn(message, toBot, page.state.bots))
    .at(-1);
  if (!link) {
    showToast('Ссылки пока нет: сначала сделайте предыдущий шаг');
    return;
  }
  await followLink(link, asPersonId);
}

// ---- the sidebar's controls -------------------------------------------------------------

function wireSidebar() {
  $('add-person').addEventListener('click', async () => {
    const answer = await askForPerson($('person-dialog'));
    if (!answer) return;
    const person = await act(() => api.addPerson(answer.firstName, answer.role));
    if (!person?.id) return;
    page.state.people.push(person);
    await openChat(person.id, page.botUsername);
  });

  const linkField = $('open-link');
  linkField.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const href = linkField.value.trim();
    if (!href) return;
    linkField.value = '';
    await followLink(/^[a-z]+:/i.test(href) ? href : `https://${href}`);
  });

  $('reset').addEventListener('click', async () => {
    const isSure = window.confirm(
      'Начать заново? Все переписки, файлы и добавленные люди будут удалены. ' +
        'Что боты сохранили у себя (регистрации, кейсы), останется.',
    );
    if (!isSure) return;
    if (!(await act(() => api.reset()))) return;
    unread.forgetAll();
    page.state = await api.state();
    Object.assign(page, restoreSelection(page.state));
    setFirstStepsDismissed(false);
    if (webApp.isOpen) webApp.close();
    showFirstStepsUnlessDismissed();
    await refresh({ stickToBottom: true });
  });

  $('first-steps-open').addEventListener('click', () => {
    setFirstStepsDismissed(false);
    if (webApp.isOpen) webApp.close();
    showFirstStepsUnlessDismissed();
  });
}

function showFirstStepsUnlessDismissed() {
  const panel = $('first-steps');
  panel.hidden = isFirstStepsDismissed() || webApp.isOpen;
  if (panel.hidden) return;
  renderFirstSteps(panel, page.state, {
    openChat,
    openLatestLink,
    close: () => {
      setFirstStepsDismissed(true);
      panel.hidden = true;
    },
  });
}

start().catch((error) => showToast(`Песочница не ответила: ${error.message}`));
