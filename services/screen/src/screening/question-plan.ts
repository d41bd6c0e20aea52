import type { Instrument, InstrumentCatalogue } from '@psycheos/screening';

/** One question of a session: which instrument and item, and where it stands. */
export interface PlannedQuestion {
  position: number;
  instrument: Instrument;
  itemIndex: number;
  /** 1-based: the instrument's place in the session, and how many there are. */
  part: number;
  parts: number;
}

/**
 * A session's questions in order: every item of each chosen instrument, one after the
 * other. A session's position counts across them, so "back" from an instrument's first
 * item goes to the previous instrument's last.
 */
export class QuestionPlan {
  readonly questions: readonly PlannedQuestion[];

  constructor(catalogue: InstrumentCatalogue, instrumentIds: readonly string[]) {
    const instruments = catalogue.ordered(instrumentIds).map((id) => catalogue.get(id));
    const questions: PlannedQuestion[] = [];
    instruments.forEach((instrument, index) => {
      instrument.items.forEach((_, itemIndex) => {
        questions.push({
          position: questions.length,
          instrument,
          itemIndex,
          part: index + 1,
          parts: instruments.length,
        });
      });
    });
    this.questions = questions;
  }

  get length(): number {
    return this.questions.length;
  }

  at(position: number): PlannedQuestion | undefined {
    return this.questions[position];
  }

  /** About 10 seconds a question, rounded up to whole minutes. */
  minutes(): number {
    return Math.max(1, Math.ceil((this.questions.length * 10) / 60));
  }
}
