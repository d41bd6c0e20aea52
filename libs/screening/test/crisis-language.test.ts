import { ConfigError } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import { CrisisLanguage } from '../src/crisis/crisis-language';
import phraseList from '../src/crisis/crisis-phrases.json' with { type: 'json' };

const crisis = new CrisisLanguage();

/**
 * For every entry of the list, messages a client might write that must name it: feminine
 * forms, no ё, no capitals or too many, the misspellings people actually type.
 */
const examples: Record<string, string[]> = {
  suicide: [
    'иногда думаю о самоубийстве',
    'Суицидальные мысли снова вернулись',
    'думаю про суецид',
    'мысли о самоубистве',
    'I keep thinking about suicide',
  ],
  kill_myself: [
    'хочу покончить с собой',
    'Я покончу с собой, если так будет дальше',
    'иногда хочется убить себя',
    'я себя убью',
    'I want to kill myself',
  ],
  end_my_life: [
    'думаю свести счёты с жизнью',
    'хочу наложить на себя руки',
    'боюсь, что наложу на себя руки',
    'думала лишить себя жизни',
    'хочу уйти из жизни',
  ],
  want_to_die: [
    'хочу умереть',
    'Хочется просто сдохнуть',
    'скорей бы умереть',
    'лучше бы я умерла',
    'хотела бы умереть во сне',
  ],
  not_want_to_live: [
    'Я не хочу жить',
    'НЕ ХОЧЕТСЯ ЖИТЬ!!!',
    'нехочу жить',
    'не хочу жыть',
    'не вижу смысла жить дальше',
    'хочу исчезнуть навсегда',
  ],
  tired_of_living: ['я устал жить', 'устала жить, правда', 'Я так устала от жизни', 'жить надоело'],
  not_want_to_wake: [
    'не хочу просыпаться',
    'хочется уснуть и не проснуться',
    'заснуть бы и больше не проснуться',
    'не хочу больше просыпаться',
  ],
  better_without_me: [
    'всем будет лучше без меня',
    'без меня всем станет легче',
    'я всем только обуза',
    'когда меня не станет, никто не заметит',
    'лучше бы меня не было',
  ],
  never_born: [
    'лучше бы я не родился',
    'лучше бы я вообще не родилась',
    'зачем я вообще родилась',
    'лучше бы меня не рожали',
  ],
  self_harm: [
    'я режу себя',
    'опять резала руки',
    'хочется причинить себе вред',
    'порезала себя вчера',
    'у меня селфхарм',
  ],
  cut_veins: ['хочу вскрыть вены', 'думаю вскрыться', 'пойду вскроюсь', 'вскрою себе вены'],
  hanging: [
    'хочу повеситься',
    'думаю повешаться',
    'хоть в петлю лезь',
    'куплю верёвку и мыло',
    'удавлюсь',
  ],
  poisoning: [
    'наглотаться таблеток и всё',
    'хочу выпить все таблетки',
    'выпью все таблетки разом',
    'вчера выпила всю пачку',
    'думаю отравиться',
  ],
  jumping: [
    'хочу спрыгнуть с крыши',
    'выпрыгну из окна',
    'брошусь под поезд',
    'думаю прыгнуть с моста',
  ],
  shooting: ['хочу застрелиться', 'застрелюсь', 'пустить себе пулю в лоб'],
  slang: ['хочу выпилиться', 'выпилюсь нафиг', 'думаю роскомнадзорнуться'],
  suicide_note: ['написала предсмертную записку', 'оставлю прощальную записку'],
  kill_someone: [
    'убью его',
    'я её убью',
    'хочу его убить',
    'хочется убить мужа',
    'иногда думаю, что убила бы его',
    'у меня мысли об убийстве',
    'зарежу его',
  ],
  harm_others: [
    'боюсь причинить вред ребёнку',
    'хочу причинить ему вред',
    'боюсь, что ударю ребёнка',
    'хочу сделать ей больно',
    'иногда боюсь навредить детям',
  ],
};

describe('crisis language in a client’s message', () => {
  describe.each(Object.entries(examples))('names the entry «%s»', (id, messages) => {
    it.each(messages)('for «%s»', (text) => {
      expect(crisis.findPhrase(text)?.id).toBe(id);
      expect(crisis.isCrisis(text)).toBe(true);
    });
  });

  it('has sentences here for every entry of the list, and for no entry it lacks', () => {
    expect(Object.keys(examples).sort()).toEqual(phraseList.entries.map((e) => e.id).sort());
  });

  it('names the kind of words and whom they are about, never the words themselves', () => {
    expect(crisis.findPhrase('Честно, я больше не хочу жить.')).toEqual({
      id: 'not_want_to_live',
      label: 'не хочу жить',
      harm: 'self',
    });
    expect(crisis.findPhrase('я его убью')?.harm).toBe('others');
  });

  it('names self-harm first when a message also reads as harm to others', () => {
    expect(crisis.findPhrases('хочу убить себя').map((p) => p.id)).toEqual([
      'kill_myself',
      'kill_someone',
    ]);
    expect(crisis.findPhrase('хочу убить себя')?.id).toBe('kill_myself');
  });

  it.each([
    'Сегодня было трудно заснуть',
    'живу с родителями',
    'умеренно тревожно',
    'я хочу жить иначе, без тревоги',
    'резать овощи',
    'надо убить время до встречи',
    'хочу убить время до вечера',
    'убиваю время в очереди',
    'убью двух зайцев одним звонком',
    'умираю со смеху',
    'чуть не умерла со смеху',
    'мама меня убьёт за двойку',
    'задушу тебя в объятиях',
    'прибью полку в коридоре',
    'выпилилась из рабочего чата',
    'выпилюсь из этой группы',
    'обман вскрылся',
    'лёд на реке вскрылся',
    'боюсь не проснуться по будильнику',
    'все таблетки от давления закончились',
    'наглоталась воды в бассейне',
    'отравилась шаурмой',
    'курение причиняет вред здоровью',
    'заставляю себя убирать квартиру',
    'если бы я не родила сына, всё было бы иначе',
    'в фильме было убийство',
    'хочу исчезнуть на выходные',
  ])('stays quiet on «%s»', (text) => {
    expect(crisis.findPhrase(text)).toBeNull();
    expect(crisis.isCrisis(text)).toBe(false);
  });

  // A client's hyperbole and their despair use the same words; a false alarm costs one message.
  it.each([
    ['застрелиться можно от этой бюрократии', 'shooting'],
    ['не хочу просыпаться в понедельник', 'not_want_to_wake'],
    ['боюсь отравиться грибами', 'poisoning'],
    ['я тебя убью, если опоздаешь', 'kill_someone'],
  ])('errs on the side of alerting on «%s»', (text, id) => {
    expect(crisis.findPhrase(text)?.id).toBe(id);
  });
});

describe('the phrase list is checked when the service starts', () => {
  const entry = {
    id: 'want_to_die',
    label: 'хочу умереть',
    harm: 'self',
    patterns: ['хоч* умереть'],
  };
  const file = (change: object) => ({ about: 'x', entries: [entry], idioms: [], ...change });

  it('takes a well-formed list', () => {
    expect(new CrisisLanguage(file({})).findPhrase('хочется умереть')?.id).toBe('want_to_die');
  });

  it.each([
    [
      'ё instead of е',
      { entries: [{ ...entry, patterns: ['не хочу жить ёще'] }] },
      'crisis-phrases.json: entries.0.patterns.0: must be lowercase words',
    ],
    [
      'a stem too short',
      { entries: [{ ...entry, patterns: ['не* хочу'] }] },
      'entries.0.patterns.0: a word ending in * needs at least three letters before it',
    ],
    [
      'an id used twice',
      { entries: [entry, { ...entry, patterns: ['лучше умереть'] }] },
      'entries.1.id: used twice',
    ],
    [
      'a pattern written twice',
      { idioms: ['хоч* умереть'] },
      'idioms.0: «хоч* умереть» is written twice',
    ],
    ['an entry without a label', { entries: [{ ...entry, label: '' }] }, 'entries.0.label'],
  ])('refuses %s, in one line that says where', (_problem, change, message) => {
    const build = () => new CrisisLanguage(file(change));
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });
});
