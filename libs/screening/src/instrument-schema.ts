import { z } from 'zod';

const option = z.strictObject({
  value: z.int().min(0).max(100),
  label: z.string().trim().min(1).max(60),
});

const item = z.strictObject({
  text: z.string().trim().min(1).max(600),
  /** The crisis protocol starts when this item is answered above `above`. */
  crisis: z.strictObject({ above: z.int().min(0), meaning: z.string().trim().min(1) }).optional(),
});

const band = z.strictObject({
  from: z.int().min(0),
  to: z.int().min(0),
  label: z.string().trim().min(1).max(60),
});

/**
 * What a change between two of the client's totals must reach to mean something, in the
 * units of `score` (WHO-5: the percentage score). `caseness` names the side of the scale
 * where the clinical range lies, so it must agree with `scoring.higherIsBetter`.
 */
const change = z.strictObject({
  /** The smallest difference between two totals that counts as reliable, not measurement error. */
  reliableChange: z.number().positive(),
  /** Where the clinical range begins: at or above (PHQ-9, GAD-7) or at or below (WHO-5). */
  caseness: z.union([
    z.strictObject({ atOrAbove: z.number() }),
    z.strictObject({ atOrBelow: z.number() }),
  ]),
  /** The publication or manual the two numbers come from. */
  source: z.string().trim().min(1),
  /** How the source's numbers were carried over: units, rounding, what the source is. */
  note: z.string().trim().min(1).optional(),
});

/**
 * One questionnaire as its data file describes it (libs/screening/src/instruments/*.json).
 * Every item shares the instrument's answer options; the score is the sum of the answers
 * (reverse-scored items counted from the other end of the scale) times `multiplier`, and
 * `bands` must cover every score from the lowest to the highest, without gaps or overlaps.
 * `change` says how far two totals must differ to be a reliable change, and where the
 * clinical range begins, with their source (reliable-change.ts reads them).
 */
export const instrumentSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9]{1,15}$/, 'a short lowercase id, such as phq9'),
    /** How the specialist sees it named: "PHQ-9". */
    title: z.string().trim().min(1).max(20),
    /** The published version's own name. */
    name: z.string().trim().min(1),
    /** What it measures, for the specialist ("депрессия"). */
    measures: z.string().trim().min(1).max(40),
    /** Where it stands in the specialist's list and in a session. */
    order: z.int().min(0),
    selectedByDefault: z.boolean(),
    /** True only where the wording is a published, psychometrically validated Russian version. */
    validated: z.boolean(),
    validationNote: z.string().trim().min(1).optional(),
    source: z.strictObject({
      wording: z.string().trim().min(1),
      url: z.url(),
      transcription: z.string().trim().min(1).optional(),
      scoring: z.string().trim().min(1),
      licence: z.string().trim().min(1),
    }),
    /** Shown to the client above every item. */
    instruction: z.string().trim().min(1).max(300),
    options: z.array(option).min(2).max(8),
    items: z.array(item).min(1).max(60),
    scoring: z.strictObject({
      multiplier: z.int().min(1).max(100),
      /** 1-based numbers of the items scored from the other end of the scale. */
      reverseScored: z.array(z.int().min(1)),
      /** WHO-5: a higher score is better; PHQ-9 and GAD-7: worse. */
      higherIsBetter: z.boolean(),
    }),
    bands: z.array(band).min(1),
    change,
  })
  .superRefine((data, ctx) => {
    const problem = (message: string, path: PropertyKey[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    if (!data.validated && !data.validationNote) {
      problem('an instrument that is not validated says why in validationNote', ['validationNote']);
    }
    const values = data.options.map((o) => o.value);
    if (new Set(values).size !== values.length) problem('option values repeat', ['options']);
    const low = Math.min(...values);
    const high = Math.max(...values);
    data.items.forEach((entry, index) => {
      if (entry.crisis && entry.crisis.above >= high) {
        problem(`crisis.above must be below the highest answer (${high})`, [
          'items',
          index,
          'crisis',
        ]);
      }
    });
    data.scoring.reverseScored.forEach((number, index) => {
      if (number > data.items.length) {
        problem(`item ${number} does not exist`, ['scoring', 'reverseScored', index]);
      }
    });
    const lowest = low * data.items.length * data.scoring.multiplier;
    const highest = high * data.items.length * data.scoring.multiplier;
    let next = lowest;
    data.bands.forEach((entry, index) => {
      if (entry.from !== next) {
        problem(`bands must run on without gaps or overlaps: expected from ${next}`, [
          'bands',
          index,
          'from',
        ]);
      }
      if (entry.to < entry.from) problem('to is below from', ['bands', index, 'to']);
      next = entry.to + 1;
    });
    if (next - 1 !== highest) {
      problem(`the last band must end at the highest score, ${highest}`, ['bands']);
    }
    const { reliableChange, caseness } = data.change;
    if (reliableChange > highest - lowest) {
      problem(`reliableChange must be within the score range, ${highest - lowest} at most`, [
        'change',
        'reliableChange',
      ]);
    }
    const isCasenessHigh = 'atOrAbove' in caseness;
    if (isCasenessHigh === data.scoring.higherIsBetter) {
      problem(
        data.scoring.higherIsBetter
          ? 'a higher score is better here, so caseness is atOrBelow'
          : 'a higher score is worse here, so caseness is atOrAbove',
        ['change', 'caseness'],
      );
    }
    const casenessAt = isCasenessHigh ? caseness.atOrAbove : caseness.atOrBelow;
    if (casenessAt < lowest || casenessAt > highest) {
      problem(`caseness must be a score from ${lowest} to ${highest}`, ['change', 'caseness']);
    }
  });

export type Instrument = z.infer<typeof instrumentSchema>;
export type InstrumentItem = Instrument['items'][number];
export type AnswerOption = Instrument['options'][number];
export type ChangeRule = Instrument['change'];

/** The first problem of a data file, as one line: "items.8.crisis.above: ...". */
export function describeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}${issue.message}${more}`;
}
