import { addDays, instantOf, type WallClock, wallClockOf } from './local-time';

/** SCREENING_HOURS: from the opening hour up to (not including) the closing one; 0-24 is always. */
export interface DaytimeHours {
  from: number;
  to: number;
}

/**
 * The hours a questionnaire may reach a client, in their time zone (SCREENING_TIME_ZONE,
 * SCREENING_HOURS; Europe/Moscow, 10-20 unless set). A questionnaire at 3 a.m. wakes
 * someone and is answered half-asleep or not at all; so a due time outside these hours
 * waits for the next opening, and so does a reminder.
 */
export class DaytimeWindow {
  constructor(
    readonly timeZone: string,
    readonly hours: DaytimeHours,
  ) {}

  /** Whether a message may go out at this instant. */
  isOpen(instant: Date): boolean {
    const { hour } = wallClockOf(instant, this.timeZone);
    return hour >= this.hours.from && hour < this.hours.to;
  }

  /** `due` itself when the window is open then, else the window's next opening after it. */
  sendTimeFor(due: Date): Date {
    if (this.isOpen(due)) return due;
    const wall = wallClockOf(due, this.timeZone);
    const openingOn = (day: WallClock) =>
      instantOf({ ...day, hour: this.hours.from, minute: 0, second: 0 }, this.timeZone);
    return wall.hour < this.hours.from ? openingOn(wall) : openingOn(addDays(wall, 1));
  }

  /** "14.12" in the client's time zone. */
  dayOf(instant: Date): string {
    const { day, month } = wallClockOf(instant, this.timeZone);
    return `${pad(day)}.${pad(month)}`;
  }

  /** "10:00" in the client's time zone. */
  timeOf(instant: Date): string {
    const { hour, minute } = wallClockOf(instant, this.timeZone);
    return `${pad(hour)}:${pad(minute)}`;
  }
}

const pad = (value: number) => String(value).padStart(2, '0');
