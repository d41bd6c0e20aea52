/**
 * Where "now" comes from. Passed in wherever a decision depends on the time of day or on
 * how long ago something happened (a screening schedule's due sends), so a test can say
 * what time it is instead of waiting for it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
