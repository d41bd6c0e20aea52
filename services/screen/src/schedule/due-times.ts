import type { ScheduleCadenceDays } from '@psycheos/db';
import { addDays, instantOf, wallClockOf } from './local-time';

/**
 * A schedule's `occurrence`-th due time: the anchor's local time of day, `cadence` calendar
 * days apart, counted in the client's time zone, so a weekly questionnaire keeps its hour
 * across a change of summer time. The anchor is the specialist's start, or the client's
 * acceptance when that came later: no questionnaire is owed for the weeks before they agreed.
 */
export function dueTimeOf(
  anchor: Date,
  occurrence: number,
  cadenceDays: ScheduleCadenceDays,
  timeZone: string,
): Date {
  const wall = wallClockOf(anchor, timeZone);
  return instantOf(addDays(wall, occurrence * cadenceDays), timeZone);
}
