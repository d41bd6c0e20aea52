import type { Vignette } from './vignettes';

/** What the Интерпретатор saved for a vignette: its structured result (ai_results.structured). */
export interface InterpretationOutcome {
  risks: { indicator: string; evidence: { text: string; found: boolean }[] }[];
  quotes: { text: string; found: boolean }[];
  /** The whole answer as shown, for the themes. */
  body: string;
}

export interface VignetteScore {
  id: string;
  title: string;
  plantedRisks: number;
  risksFound: number;
  /** Risks named on a vignette that has none planted. */
  falseAlarms: number;
  quotes: number;
  quotesFound: number;
  themes: number;
  themesNamed: number;
}

const mentions = (text: string, stems: string[]) =>
  stems.some((stem) => text.toLowerCase().includes(stem.toLowerCase()));

/** Scores one answer against what the vignette says a good answer holds. */
export function scoreInterpretation(
  vignette: Vignette,
  outcome: InterpretationOutcome,
): VignetteScore {
  const riskTexts = outcome.risks.map((risk) =>
    [risk.indicator, ...risk.evidence.map((quote) => quote.text)].join(' '),
  );
  const risksFound = vignette.plantedRisks.filter((planted) =>
    riskTexts.some((text) => mentions(text, planted.keywords)),
  ).length;
  return {
    id: vignette.id,
    title: vignette.title,
    plantedRisks: vignette.plantedRisks.length,
    risksFound,
    falseAlarms: vignette.plantedRisks.length === 0 ? outcome.risks.length : 0,
    quotes: outcome.quotes.length,
    quotesFound: outcome.quotes.filter((quote) => quote.found).length,
    themes: vignette.mustMention.length,
    themesNamed: vignette.mustMention.filter((stems) => mentions(outcome.body, stems)).length,
  };
}

export interface EvaluationSummary {
  riskRecall: number;
  falseAlarms: number;
  quoteSupport: number;
  themeCoverage: number;
}

export function summarize(scores: VignetteScore[]): EvaluationSummary {
  const sum = (pick: (score: VignetteScore) => number) =>
    scores.reduce((total, score) => total + pick(score), 0);
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    riskRecall: ratio(
      sum((s) => s.risksFound),
      sum((s) => s.plantedRisks),
    ),
    falseAlarms: sum((s) => s.falseAlarms),
    quoteSupport: ratio(
      sum((s) => s.quotesFound),
      sum((s) => s.quotes),
    ),
    themeCoverage: ratio(
      sum((s) => s.themesNamed),
      sum((s) => s.themes),
    ),
  };
}
