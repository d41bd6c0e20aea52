import { ConfigError } from '@psycheos/shared';
import { describe, expect, it } from 'vitest';
import { CrisisLanguage } from '../src/crisis/crisis-language';

const crisis = new CrisisLanguage();

describe('crisis language in a client’s message', () => {
  it.each([
    'Я не хочу жить',
    'НЕ ХОЧЕТСЯ ЖИТЬ!!!',
    'иногда думаю о самоубийстве',
    'суицидальные мысли',
    'хочу покончить с собой',
    'лучше бы я умерла',
    'я режу себя',
    'думаю свести счёты с жизнью',
    'наглотаться таблеток и всё',
    'хочу умереть',
    'I want to kill myself',
  ])('alerts on «%s»', (text) => {
    expect(crisis.isCrisis(text)).toBe(true);
  });

  it.each([
    'Сегодня было трудно заснуть',
    'живу с родителями',
    'умеренно тревожно',
    'я хочу жить иначе, без тревоги',
    'резать овощи',
  ])('stays quiet on «%s»', (text) => {
    expect(crisis.isCrisis(text)).toBe(false);
  });

  it('refuses a phrase file that does not fit its schema, in one line', () => {
    expect(() => new CrisisLanguage({ about: 'x', stems: [], phrases: ['не хочу жить'] })).toThrow(
      ConfigError,
    );
  });
});
