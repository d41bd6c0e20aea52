export { INSTRUMENTS_DIR, InstrumentCatalogue, loadInstruments } from './catalogue';
export {
  type AnswerOption,
  describeProblem,
  type Instrument,
  type InstrumentItem,
  instrumentSchema,
} from './instrument-schema';
export {
  bandOf,
  isCrisisAnswer,
  itemTrigger,
  type Score,
  scoreInstrument,
  scoreRange,
} from './scoring';
