import { describe, expect, it } from 'vitest';
import { DaytimeWindow } from '../src/schedule/daytime-window';
import { dueTimeOf } from '../src/schedule/due-times';
import { moscow } from './schedule-jobs';

const moscowDays = new DaytimeWindow('Europe/Moscow', { from: 10, to: 20 });

describe('when a scheduled questionnaire may reach the client', () => {
  it('sends a questionnaire due at 07:00 Moscow time at 10:00, the window’s opening', () => {
    expect(moscowDays.sendTimeFor(moscow('2026-12-14 07:00'))).toEqual(moscow('2026-12-14 10:00'));
  });

  it('sends one due inside the window when it is due', () => {
    expect(moscowDays.sendTimeFor(moscow('2026-12-14 10:00'))).toEqual(moscow('2026-12-14 10:00'));
    expect(moscowDays.sendTimeFor(moscow('2026-12-14 19:59'))).toEqual(moscow('2026-12-14 19:59'));
  });

  it('moves one due at or after the closing hour to the next morning, across a month’s end', () => {
    expect(moscowDays.sendTimeFor(moscow('2026-12-14 20:00'))).toEqual(moscow('2026-12-15 10:00'));
    expect(moscowDays.sendTimeFor(moscow('2026-12-31 23:30'))).toEqual(moscow('2027-01-01 10:00'));
  });

  it('reads the hours in the client’s own time zone', () => {
    const yekaterinburg = new DaytimeWindow('Asia/Yekaterinburg', { from: 10, to: 20 });
    // 09:00 in Moscow is 11:00 in Yekaterinburg (UTC+5): inside its window.
    expect(yekaterinburg.isOpen(moscow('2026-12-14 09:00'))).toBe(true);
    expect(yekaterinburg.sendTimeFor(moscow('2026-12-14 06:00'))).toEqual(
      moscow('2026-12-14 08:00'),
    );
  });

  it('sends at any hour with 0-24', () => {
    const always = new DaytimeWindow('Europe/Moscow', { from: 0, to: 24 });
    expect(always.sendTimeFor(moscow('2026-12-14 03:00'))).toEqual(moscow('2026-12-14 03:00'));
  });

  it('keeps a weekly due time at the same local hour, across a change of summer time', () => {
    // Berlin moves its clocks forward on 29.03.2026: 07:00 stays 07:00 on the wall.
    const anchor = new Date('2026-03-23T07:00:00+01:00');
    expect(dueTimeOf(anchor, 1, 7, 'Europe/Berlin')).toEqual(new Date('2026-03-30T07:00:00+02:00'));
    expect(dueTimeOf(moscow('2026-12-14 07:00'), 2, 14, 'Europe/Moscow')).toEqual(
      moscow('2027-01-11 07:00'),
    );
  });
});
