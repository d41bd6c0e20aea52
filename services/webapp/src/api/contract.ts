/**
 * What the dashboard's API answers, shared by the server (src/) and the page (web/), so the
 * two cannot drift apart. Dates are ISO strings; credits are millicredits.
 */

export interface CaseSummary {
  id: string;
  label: string;
  status: 'active' | 'archived';
  createdAt: string;
  /** The latest of: the case changed, a screening completed, a tool saved a result. */
  lastActivityAt: string;
}

export interface InstrumentHistory {
  id: string;
  title: string;
  measures: string;
  higherIsBetter: boolean;
  /** The lowest and highest possible totals, for the chart's scale. */
  range: { min: number; max: number };
  bands: { from: number; to: number; label: string }[];
  /** Where the clinical range begins (the data file's caseness): a score on the line is in it. */
  caseness: { at: number; side: 'atOrAbove' | 'atOrBelow' };
  points: {
    at: string;
    score: number;
    band: string;
    /**
     * The client's first result in the case, or a reliable change against that client's
     * previous one (@psycheos/screening's resultMarks, as the PNG in pro draws them).
     */
    mark: 'baseline' | 'reliable-improvement' | 'reliable-deterioration' | null;
  }[];
}

export interface AnsweredItem {
  instrumentTitle: string;
  number: number;
  text: string;
  answer: string;
  value: number;
}

export interface SavedResult {
  id: string;
  kind: string;
  title: string;
  version: number;
  review: string;
  createdAt: string;
  /** Markdown, as the specialist was shown it in the tool. */
  body: string;
  correction: string | null;
}

export interface CaseDetail {
  case: { id: string; label: string; status: string };
  screenings: InstrumentHistory[];
  latestAnswers: { completedAt: string; items: AnsweredItem[] } | null;
  results: SavedResult[];
  /** The tools the case can be opened in (none for an archived case). */
  tools: string[];
}

export interface Account {
  balanceMilli: number;
  subscription: { paidUntil: string } | null;
  entries: { kind: string; amountMilli: number; at: string }[];
}

/**
 * A refused call: a code, and the words to show when the server has them: a rate limit
 * (429), or terms not accepted (403 `terms_not_accepted`).
 */
export interface ApiRefusal {
  error: string;
  message?: string;
}
