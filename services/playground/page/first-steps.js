import { personLabel } from './people.js';

/**
 * The first steps on a fresh page: the whole story of PsycheOS in five steps, from the
 * admin's invitation to the specialist's dashboard, naming the bots' real buttons and
 * commands (services/pro/src/texts.ts). Each step has a button that takes you there.
 */

const DISMISSED_KEY = 'playground.firstStepsDismissed';

export const isFirstStepsDismissed = () => localStorage.getItem(DISMISSED_KEY) === '1';
export const setFirstStepsDismissed = (dismissed) =>
  dismissed ? localStorage.setItem(DISMISSED_KEY, '1') : localStorage.removeItem(DISMISSED_KEY);

/**
 * state: { bots, people, aiConfigured }; actions: openChat(personId, username),
 * openLatestLink(fromPersonId, inBot, toBot, asPersonId), close().
 */
export function renderFirstSteps(panel, state, actions) {
  const pro = state.bots.find((bot) => bot.botId === 'pro');
  const screen = state.bots.find((bot) => bot.botId === 'screen');
  const admin = state.people.find((person) => person.role === 'admin');
  const specialist = state.people.find((person) => person.role === 'specialist');
  const client = state.people.find((person) => person.role === 'client');
  const proName = pro ? `@${pro.username}` : 'бот Pro';
  const screenName = screen ? `@${screen.username}` : 'бот скрининга';
  const go = (label, action) => ({ label, action });

  const steps = [
    {
      text: `Вы — «${admin ? personLabel(admin) : 'Админ'}». Откройте ${proName}, отправьте /start, затем /admin и нажмите «🔗 Создать приглашение». Напишите заметку (например, «Мария») — бот пришлёт ссылку.`,
      button:
        admin && pro && go('Открыть как админ', () => actions.openChat(admin.id, pro.username)),
    },
    {
      text: `Переключитесь на «${specialist ? personLabel(specialist) : 'специалиста'}» и откройте ссылку-приглашение (в Telegram админ переслал бы её). Примите условия: «✅ Принимаю».`,
      button:
        admin &&
        specialist &&
        pro &&
        go(`Открыть приглашение как ${specialist.firstName}`, () =>
          actions.openLatestLink(admin.id, pro.username, pro.username, specialist.id),
        ),
    },
    {
      text: '«➕ Новый кейс» → имя клиента → «📄 Открыть карточку» → «🧰 Инструменты» → «Скрининг»: отметьте опросники и нажмите «📨 Получить ссылку для клиента».',
      button:
        specialist &&
        pro &&
        go(`Открыть как ${specialist.firstName}`, () =>
          actions.openChat(specialist.id, pro.username),
        ),
    },
    {
      text: `Переключитесь на «${client ? personLabel(client) : 'клиента'}» и откройте ссылку на опрос в ${screenName} («📝 Открыть опрос»). Ответьте на вопросы.`,
      button:
        specialist &&
        client &&
        pro &&
        screen &&
        go(`Открыть опрос как ${client.firstName}`, () =>
          actions.openLatestLink(specialist.id, pro.username, screen.username, client.id),
        ),
    },
    {
      text: `Снова «${specialist ? personLabel(specialist) : 'специалист'}»: в ${proName} пришли результаты. «📊 Панель» → «📊 Открыть панель» — панель откроется рядом с чатом.`,
      button:
        specialist &&
        pro &&
        go(`Открыть как ${specialist.firstName}`, () =>
          actions.openChat(specialist.id, pro.username),
        ),
    },
  ];

  const header = document.createElement('header');
  header.className = 'side-panel-header';
  const title = document.createElement('h2');
  title.textContent = 'Первые шаги';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'icon-button';
  close.dataset.testid = 'first-steps-close';
  close.setAttribute('aria-label', 'Скрыть');
  close.textContent = '✕';
  close.addEventListener('click', () => actions.close());
  header.append(title, close);

  const list = document.createElement('ol');
  list.className = 'steps';
  for (const step of steps) {
    const item = document.createElement('li');
    const text = document.createElement('p');
    text.textContent = step.text;
    item.append(text);
    if (step.button) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = `${step.button.label} →`;
      button.addEventListener('click', step.button.action);
      item.append(button);
    }
    list.append(item);
  }

  const notes = [
    'Ссылки t.me на ботов открываются здесь же: чат нужного бота, от имени того же человека. Чужую ссылку можно вставить в поле «Открыть ссылку» слева.',
  ];
  if (!state.aiConfigured) {
    notes.push(
      'ИИ-инструменты ответят, когда задан ключ: ANTHROPIC_API_KEY=sk-ant-... npm start (и ANTHROPIC_BASE_URL для совместимого API)',
    );
  }
  panel.replaceChildren(
    header,
    list,
    ...notes.map((note) => {
      const paragraph = document.createElement('p');
      paragraph.className = 'note';
      paragraph.textContent = note;
      return paragraph;
    }),
  );
}
