/**
 * Who the developer is: the people of the playground, one chosen at a time, and «+ Человек»
 * to add a specialist or a client. Each person keeps their own chats with every bot.
 */

const ROLE_NAMES = { specialist: 'специалист', client: 'клиент' };

/** «Мария (специалист)»; the admin is simply «Админ». */
export const personLabel = (person) =>
  ROLE_NAMES[person.role] ? `${person.firstName} (${ROLE_NAMES[person.role]})` : person.firstName;

export function renderPeople(container, { people, currentId, unreadPeople, onSelect }) {
  container.replaceChildren(
    ...people.map((person) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'person';
      button.dataset.testid = `person-${person.id}`;
      button.setAttribute('role', 'radio');
      const isCurrent = person.id === currentId;
      button.dataset.selected = String(isCurrent);
      button.setAttribute('aria-checked', String(isCurrent));
      button.title = `Telegram id ${person.id}`;
      const avatar = document.createElement('span');
      avatar.className = `avatar role-${person.role}`;
      avatar.textContent = person.firstName.slice(0, 1).toUpperCase();
      const name = document.createElement('span');
      name.className = 'person-name';
      name.textContent = personLabel(person);
      button.append(avatar, name);
      if (unreadPeople.has(person.id)) button.append(unreadDot());
      button.addEventListener('click', () => onSelect(person.id));
      return button;
    }),
  );
}

/** Asks for a name and a role; resolves with them, or null when cancelled. */
export function askForPerson(dialog) {
  const name = dialog.querySelector('[data-testid="person-name"]');
  const role = dialog.querySelector('[data-testid="person-role"]');
  name.value = '';
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        const firstName = name.value.trim();
        resolve(
          dialog.returnValue === 'create' && firstName ? { firstName, role: role.value } : null,
        );
      },
      { once: true },
    );
  });
}

export function unreadDot() {
  const dot = document.createElement('span');
  dot.className = 'unread';
  dot.dataset.testid = 'unread';
  dot.title = 'Новое сообщение';
  return dot;
}
