export { crisisAlertCallback, crisisAlertPattern } from './cases/crisis-alert-buttons';
export { SCHEDULE_TASK, type ScheduleJobPayload, scheduleJobKey } from './cases/screening-schedule';
export { INSTRUMENTS_DIR, InstrumentCatalogue, loadInstruments } from './catalogue';
export {
  type AnswerOption,
  type ChangeRule,
  describeProblem,
  type Instrument,
  type InstrumentItem,
  instrumentSchema,
} from './instrument-schema';
export {
  type ChangeThresholds,
  type ChangeVerdict,
  changeThresholdsOf,
  classifyChange,
  isCaseness,
  isRemission,
} from './reliable-change';
export {
  type CasenessLine,
  casenessLine,
  type MarkableResult,
  type ResultMark,
  resultMarks,
} from './result-marks';
export {
  type ChangeFrom,
  changeOfLatest,
  isReliablyWorse,
  type LatestChange,
  type ResultTrail,
  type TrailResult,
  trailOf,
} from './result-trail';
export {
  bandOf,
  isCrisisAnswer,
  itemTrigger,
  type Score,
  scoreInstrument,
  scoreRange,
} from './scoring';
