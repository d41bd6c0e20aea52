import type { Instrument } from './instrument-schema';

export interface Score {
  instrumentId: string;
  /** The sum of the answers, reverse-scored items counted from the other end. */
  raw: number;
  /** raw × the instrument's multiplier: what the publications' bands are stated in. */
  score: number;
  /** The band's index in the instrument's bands (0 = the first). */
  bandIndex: number;
  bandLabel: string;
}

/**
 * An instrument's score from one answer per item, in item order, by its published rule:
 * the sum, reverse-scored items turned around (high + low - value), times the multiplier
 * (WHO-5: 4). Throws on a missing or impossible answer: a session only scores once every
 * item has an answer the instrument allows.
 */
export function scoreInstrument(instrument: Instrument, answers: readonly number[]): Score {
  if (answers.length !== instrument.items.length) {
    throw new Error(
      `${instrument.id} needs ${instrument.items.length} answers, got ${answers.length}`,
    );
  }
  const values = instrument.options.map((option) => option.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const reversed = new Set(instrument.scoring.reverseScored);
  let raw = 0;
  answers.forEach((value, index) => {
    if (!values.includes(value)) {
      throw new Error(`${instrument.id} item ${index + 1} has no answer worth ${value}`);
    }
    raw += reversed.has(index + 1) ? high + low - value : value;
  });
  const score = raw * instrument.scoring.multiplier;
  return { instrumentId: instrument.id, raw, score, ...bandOf(instrument, score) };
}

/** The band a score falls in; the schema guarantees exactly one. */
export function bandOf(
  instrument: Instrument,
  score: number,
): { bandIndex: number; bandLabel: string } {
  const bandIndex = instrument.bands.findIndex((band) => band.from <= score && score <= band.to);
  const band = instrument.bands[bandIndex];
  if (!band) throw new Error(`${instrument.id} has no band for ${score}`);
  return { bandIndex, bandLabel: band.label };
}

/** The lowest and highest score the instrument can give. */
export function scoreRange(instrument: Instrument): { min: number; max: number } {
  const first = instrument.bands[0];
  const last = instrument.bands.at(-1);
  return { min: first?.from ?? 0, max: last?.to ?? 0 };
}

/** True when this answer to this item starts the crisis protocol. */
export function isCrisisAnswer(instrument: Instrument, itemIndex: number, value: number): boolean {
  const crisis = instrument.items[itemIndex]?.crisis;
  return crisis !== undefined && value > crisis.above;
}

/** The alert's trigger name for a crisis item: "phq9_item9". */
export const itemTrigger = (instrumentId: string, itemIndex: number) =>
  `${instrumentId}_item${itemIndex + 1}`;
