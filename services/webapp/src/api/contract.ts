import { type Static, Type } from 'typebox';

/**
 * What the dashboard's API takes and answers, as JSON Schemas with their TypeScript types
 * derived from them: the routes validate and serialize with the schemas (route-schemas.ts),
 * the handlers must return the types, and the page (web/) reads the same types, so the three
 * cannot drift apart. A field not written here never reaches the page, whatever a query
 * returns. Dates are ISO strings; credits are millicredits.
 */

/**
 * What may stand where a case's id goes in a path: at most a UUID's 36 letters, digits and
 * hyphens. Anything else is no id at all (400); an id of that shape that names no case of the
 * specialist's own answers 404 (routes.ts), the same for unknown, malformed and someone
 * else's, so the answer never tells which.
 */
export const CaseIdParam = Type.String({ minLength: 1, maxLength: 36, pattern: '^[0-9A-Za-z-]+$' });

/** A bot's id in a path, lowercase letters (the catalogue's); which are a case's tools is the route's question. */
export const ToolParam = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z]+$' });

export const CaseSummary = Type.Object({
  id: Type.String(),
  label: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('archived')]),
  createdAt: Type.String(),
  /** The latest of: the case changed, a screening completed, a tool saved a result. */
  lastActivityAt: Type.String(),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseList = Type.Object({ cases: Type.Array(CaseSummary) });
export type CaseList = Static<typeof CaseList>;

export const InstrumentHistory = Type.Object({
  id: Type.String(),
  title: Type.String(),
  measures: Type.String(),
  higherIsBetter: Type.Boolean(),
  /** The lowest and highest possible totals, for the chart's scale. */
  range: Type.Object({ min: Type.Number(), max: Type.Number() }),
  bands: Type.Array(Type.Object({ from: Type.Number(), to: Type.Number(), label: Type.String() })),
  /** Where the clinical range begins (the data file's caseness): a score on the line is in it. */
  caseness: Type.Object({
    at: Type.Number(),
    side: Type.Union([Type.Literal('atOrAbove'), Type.Literal('atOrBelow')]),
  }),
  points: Type.Array(
    Type.Object({
      at: Type.String(),
      score: Type.Number(),
      band: Type.String(),
      /**
       * The client's first result in the case, or a reliable change against that client's
       * previous one (@psycheos/screening's resultMarks, as the PNG in pro draws them).
       */
      mark: Type.Union([
        Type.Literal('baseline'),
        Type.Literal('reliable-improvement'),
        Type.Literal('reliable-deterioration'),
        Type.Null(),
      ]),
    }),
  ),
});
export type InstrumentHistory = Static<typeof InstrumentHistory>;

export const AnsweredItem = Type.Object({
  instrumentTitle: Type.String(),
  number: Type.Number(),
  text: Type.String(),
  answer: Type.String(),
  value: Type.Number(),
});
export type AnsweredItem = Static<typeof AnsweredItem>;

export const LatestAnswers = Type.Union([
  Type.Object({ completedAt: Type.String(), items: Type.Array(AnsweredItem) }),
  Type.Null(),
]);
export type LatestAnswers = Static<typeof LatestAnswers>;

export const SavedResult = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  version: Type.Number(),
  review: Type.String(),
  createdAt: Type.String(),
  /** Markdown, as the specialist was shown it in the tool. */
  body: Type.String(),
  correction: Type.Union([Type.String(), Type.Null()]),
});
export type SavedResult = Static<typeof SavedResult>;

export const CaseDetail = Type.Object({
  case: Type.Object({ id: Type.String(), label: Type.String(), status: Type.String() }),
  screenings: Type.Array(InstrumentHistory),
  latestAnswers: LatestAnswers,
  results: Type.Array(SavedResult),
  /** The tools the case can be opened in (none for an archived case). */
  tools: Type.Array(Type.String()),
});
export type CaseDetail = Static<typeof CaseDetail>;

/** A tool opened on a case: the single-use link to its bot. */
export const ToolLink = Type.Object({ link: Type.String() });
export type ToolLink = Static<typeof ToolLink>;

export const Account = Type.Object({
  balanceMilli: Type.Number(),
  subscription: Type.Union([Type.Object({ paidUntil: Type.String() }), Type.Null()]),
  entries: Type.Array(
    Type.Object({ kind: Type.String(), amountMilli: Type.Number(), at: Type.String() }),
  ),
});
export type Account = Static<typeof Account>;

/**
 * A refused call: a code, and the words to show when the server has them: a rate limit
 * (429), or terms not accepted (403 `terms_not_accepted`). A request the schemas reject
 * (400 `invalid_request`) says what was wrong, for the log rather than for a person.
 */
export const ApiRefusal = Type.Object({
  error: Type.String(),
  message: Type.Optional(Type.String()),
});
export type ApiRefusal = Static<typeof ApiRefusal>;
