import type { Person } from '@psycheos/testkit';

/** The platform's one admin (ADMIN_IDS names only this person). */
export const ADMIN: Person = { id: 910_001, first_name: 'Админ' };

let lastId = 920_000;

/** Someone new to the platform: a Telegram account no bot has seen yet. */
export function newPerson(firstName: string): Person {
  return { id: ++lastId, first_name: firstName };
}
