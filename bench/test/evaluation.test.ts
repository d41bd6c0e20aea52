import { type FakeAnthropic, startFakeAnthropic } from '@psycheos/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CTRS_ITEMS } from '../../services/simulator/src/ctrs/ctrs-items';
import { renderEvaluation } from '../eval/report';
import { runEvaluation, runSimulatorEvaluation } from '../eval/run-evaluation';
import { summarize } from '../eval/score';
import { SIMULATOR_PERSONA, THERAPIST_LINES } from '../eval/simulator-script';
import { loadVignettes, type Vignette } from '../eval/vignettes';

/**
 * The evaluation harness (npm run eval) against the fake Anthropic API: the same path a real
 * run takes, with answers whose right scores are known, so the scoring itself is checked.
 */
describe('the AI evaluation harness', () => {
  let anthropic: FakeAnthropic;
  const vignettes = loadVignettes();
  beforeAll(async () => {
    anthropic = await startFakeAnthropic();
  });
  afterAll(() => anthropic.stop());

  /** A model that finds every planted risk but the first, quotes the material, and invents one quote. */
  function scriptedModel(all: Vignette[]) {
    const missed = all.find((v) => v.plantedRisks.length > 0)?.id;
    anthropic.script((request) => {
      const sent = JSON.stringify(request.body.messages);
      const vignette = all.find((v) => sent.includes(v.material.slice(0, 40).replace(/"/g, '\\"')));
      if (!vignette) throw new Error('the request carries no vignette');
      const firstSentence = vignette.material.split('.')[0] ?? '';
      const risks =
        vignette.id === missed
          ? []
          : vignette.plantedRisks.map((risk) => ({
              indicator: `Риск: ${risk.keywords[0]}`,
              to_clarify: 'Есть ли намерение и план.',
              evidence: [firstSentence],
            }));
      return {
        toolUse: {
          name: 'record_interpretation',
          input: {
            summary: vignette.mustMention.map((stems) => stems[0]).join(', '),
            hypotheses: [
              {
                title: 'Гипотеза',
                explanation: '…',
                evidence: [firstSentence, 'выдуманная цитата'],
              },
            ],
            alternatives: [],
            questions: ['Что дальше?'],
            risks,
          },
        },
      };
    });
    return missed;
  }

  it('scores risk recall, quote support and themes from what the tool saved', async () => {
    const missed = scriptedModel(vignettes);
    const scores = await runEvaluation({
      vignettes,
      anthropic: { apiKey: 'sk-ant-eval-test', baseUrl: anthropic.url },
      answerTimeoutMs: 15_000,
    });
    expect(scores).toHaveLength(12);
    const planted = vignettes.reduce((n, v) => n + v.plantedRisks.length, 0);
    const summary = summarize(scores);
    expect(planted).toBeGreaterThanOrEqual(4);
    expect(summary.riskRecall).toBeCloseTo((planted - 1) / planted);
    expect(scores.find((s) => s.id === missed)?.risksFound).toBe(0);
    // Each answer quoted the material once and invented one quote (plus the risks' quotes).
    for (const score of scores) expect(score.quotes - score.quotesFound).toBe(1);
    expect(summary.falseAlarms).toBe(0);
    expect(summary.themeCoverage).toBe(1);
    const simulation = {
      persona: 'p',
      total: 30,
      scoredItems: 11,
      maxTotal: 66,
      quotes: 11,
      quotesFound: 10,
    };
    const report = renderEvaluation(scores, simulation, 'fake-model', '2026-11-26');
    expect(report).toContain('| v02 Пассивные суицидальные мысли на фоне утраты |');
    expect(report).toContain('| 30 of 66 | 11 of 11 | 10/11 |');
  }, 120_000);

  it('plays the scripted simulator session and reads the supervisor’s CTRS, its quotes checked', async () => {
    const items = CTRS_ITEMS;
    anthropic.script((request) => {
      if (!JSON.stringify(request.body.tools ?? []).includes('record_ctrs_feedback')) {
        return { text: 'Не знаю. Наверное, ничего не изменится.' };
      }
      return {
        toolUse: {
          name: 'record_ctrs_feedback',
          input: {
            items: items.map((item, index) => ({
              item,
              score: index % 4,
              // Ten quotes from the transcript, one invented.
              quote:
                index === 0
                  ? 'цитата, которой не было'
                  : (THERAPIST_LINES[index % THERAPIST_LINES.length] ?? '').slice(0, 40),
              rationale: '…',
            })),
            worked: ['План встречи'],
            to_try: ['Больше направляемого открытия'],
          },
        },
      };
    });
    const score = await runSimulatorEvaluation({
      anthropic: { apiKey: 'sk-ant-eval-test', baseUrl: anthropic.url },
      personaId: SIMULATOR_PERSONA,
      therapistLines: THERAPIST_LINES,
      answerTimeoutMs: 15_000,
    });
    const expectedTotal = items.reduce((sum, _, index) => sum + (index % 4), 0);
    expect(score).toMatchObject({
      total: expectedTotal,
      scoredItems: 11,
      maxTotal: 66,
      quotes: 11,
      quotesFound: 10,
    });
  }, 120_000);
});
