// Golden tests: hand-worked answer sets for every bundled instrument, with the source of each
// expected value beside it. "rule: ours" marks a missing-item rule Rapport chose where the
// source publishes none (the reason is in the instrument file).
import { describe, expect, it } from 'vitest';
import { findBundledInstrument } from '../instruments/bundled-instruments.ts';
import { type ResponseScore, scoreResponse } from './score-response.ts';

function score(id: string, answers: readonly (number | string | null)[]): ResponseScore {
  const definition = findBundledInstrument(id);
  if (definition === undefined) throw new Error(`no ${id}`);
  return scoreResponse(
    definition,
    Object.fromEntries(answers.map((value, index) => [String(index + 1), value])),
  );
}
const scoreOf = (r: ResponseScore, scale = 'total') => r.scales.find((s) => s.scale === scale);
const n = (count: number, value: number | null) => Array<number | null>(count).fill(value);

interface Case {
  name: string;
  answers: (number | string | null)[];
  scores: Record<string, number | null>;
  bands?: Record<string, string | null>;
  flags?: string[];
  valid?: boolean;
  prorated?: boolean;
  source: string;
}

// Every bundled file is at 1.0.0 but these, whose 1.1.0 scores exactly as 1.0.0 did: session
// feedback was reworded (instructions only); the outcome measures gained their reliable-change
// criteria, or the reason they have none.
const VERSIONS: Record<string, string> = {
  'session-feedback': '1.1.0',
  'phq-9': '1.1.0',
  'gad-7': '1.1.0',
  'who-5': '1.1.0',
  swls: '1.1.0',
  'flourishing-scale': '1.1.0',
  'score-15': '1.1.0',
};

function runCases(id: string, cases: Case[]) {
  describe(id, () => {
    it.each(cases)('$name', (c) => {
      const result = score(id, c.answers);
      expect(result.instrument).toBe(id);
      expect(result.version).toBe(VERSIONS[id] ?? '1.0.0');
      for (const [scale, expected] of Object.entries(c.scores)) {
        const actual = scoreOf(result, scale)?.score ?? null;
        if (expected === null) expect(actual, scale).toBeNull();
        else expect(actual, scale).toBeCloseTo(expected, 10);
      }
      for (const [scale, band] of Object.entries(c.bands ?? {})) {
        expect(scoreOf(result, scale)?.band ?? null, scale).toBe(band);
      }
      expect(result.flags).toEqual(c.flags ?? []);
      expect(result.valid).toBe(c.valid ?? true);
      expect(scoreOf(result)?.prorated).toBe(c.prorated ?? false);
    });
  });
}

const KROENKE = 'Kroenke et al. 2001: sum of 9 items 0–3; bands from 5, 10, 15, 20';
const phq = (total: number) => {
  // Fill items 1–8 up to `total` (item 9 stays 0 so no risk flag), 3 at most per item.
  const answers = n(9, 0);
  let left = total;
  for (let i = 0; i < 8 && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i] as number;
  }
  return answers;
};
runCases('phq-9', [
  {
    name: 'all zero',
    answers: phq(0),
    scores: { total: 0 },
    bands: { total: 'minimal' },
    source: KROENKE,
  },
  {
    name: '4 is minimal',
    answers: phq(4),
    scores: { total: 4 },
    bands: { total: 'minimal' },
    source: KROENKE,
  },
  {
    name: '5 is mild',
    answers: phq(5),
    scores: { total: 5 },
    bands: { total: 'mild' },
    source: KROENKE,
  },
  {
    name: '9 is mild',
    answers: phq(9),
    scores: { total: 9 },
    bands: { total: 'mild' },
    source: KROENKE,
  },
  {
    name: '10 is moderate',
    answers: phq(10),
    scores: { total: 10 },
    bands: { total: 'moderate' },
    source: KROENKE,
  },
  {
    name: '14 is moderate',
    answers: phq(14),
    scores: { total: 14 },
    bands: { total: 'moderate' },
    source: KROENKE,
  },
  {
    name: '15 is moderately severe',
    answers: phq(15),
    scores: { total: 15 },
    bands: { total: 'moderately-severe' },
    source: KROENKE,
  },
  {
    name: '19 is moderately severe',
    answers: phq(19),
    scores: { total: 19 },
    bands: { total: 'moderately-severe' },
    source: KROENKE,
  },
  {
    name: '20 is severe',
    answers: phq(20),
    scores: { total: 20 },
    bands: { total: 'severe' },
    source: KROENKE,
  },
  {
    name: 'maximum 27 with item 9 = 3 is severe and carries risk',
    answers: n(9, 3),
    scores: { total: 27 },
    bands: { total: 'severe' },
    flags: ['risk'],
    source: `${KROENKE}; docs/methods.md item 9 > 0 → risk`,
  },
  {
    name: 'item 9 = 1 with a minimal total still carries risk',
    answers: [0, 0, 0, 0, 0, 0, 0, 0, 1],
    scores: { total: 1 },
    bands: { total: 'minimal' },
    flags: ['risk'],
    source: 'docs/methods.md: item 9 > 0 → risk, whatever the total',
  },
  {
    name: 'one missing item is prorated: 10 over 8 items × 9 = 11.25',
    answers: [2, 2, null, 2, 2, 1, 1, 0, 0],
    scores: { total: 11.25 },
    bands: { total: 'moderate' },
    prorated: true,
    source: 'rule: ours (≤ 1 missing, mean × 9)',
  },
  {
    name: 'two missing items: not scored, invalid',
    answers: [2, 2, null, null, 2, 1, 1, 0, 0],
    scores: { total: null },
    valid: false,
    source: 'rule: ours (≤ 1 missing)',
  },
  {
    name: 'out of range (4) is invalid and not scored, but item 9 = 2 still flags risk',
    answers: [4, 0, 0, 0, 0, 0, 0, 0, 2],
    scores: { total: null },
    flags: ['risk'],
    valid: false,
    source: 'answers are 0–3 (Kroenke et al. 2001); risk is never lost',
  },
  {
    name: 'a fraction is not an answer',
    answers: [1.5, 0, 0, 0, 0, 0, 0, 0, 0],
    scores: { total: null },
    valid: false,
    source: 'answers are the whole numbers 0–3',
  },
  {
    name: 'a negative value is not an answer',
    answers: [-1, 0, 0, 0, 0, 0, 0, 0, 0],
    scores: { total: null },
    valid: false,
    source: 'answers are the whole numbers 0–3',
  },
]);

const SPITZER = 'Spitzer et al. 2006: sum of 7 items 0–3; cut points 5, 10, 15';
const gad = (total: number) => {
  const answers = n(7, 0);
  let left = total;
  for (let i = 0; i < 7 && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i] as number;
  }
  return answers;
};
runCases('gad-7', [
  {
    name: '0 minimal',
    answers: gad(0),
    scores: { total: 0 },
    bands: { total: 'minimal' },
    source: SPITZER,
  },
  {
    name: '4 minimal',
    answers: gad(4),
    scores: { total: 4 },
    bands: { total: 'minimal' },
    source: SPITZER,
  },
  {
    name: '5 mild',
    answers: gad(5),
    scores: { total: 5 },
    bands: { total: 'mild' },
    source: SPITZER,
  },
  {
    name: '9 mild',
    answers: gad(9),
    scores: { total: 9 },
    bands: { total: 'mild' },
    source: SPITZER,
  },
  {
    name: '10 moderate',
    answers: gad(10),
    scores: { total: 10 },
    bands: { total: 'moderate' },
    source: SPITZER,
  },
  {
    name: '14 moderate',
    answers: gad(14),
    scores: { total: 14 },
    bands: { total: 'moderate' },
    source: SPITZER,
  },
  {
    name: '15 severe',
    answers: gad(15),
    scores: { total: 15 },
    bands: { total: 'severe' },
    source: SPITZER,
  },
  {
    name: '21 severe',
    answers: gad(21),
    scores: { total: 21 },
    bands: { total: 'severe' },
    source: SPITZER,
  },
  {
    name: 'one missing prorated: 9 over 6 × 7 = 10.5',
    answers: [3, 3, 3, 0, 0, 0, null],
    scores: { total: 10.5 },
    bands: { total: 'moderate' },
    prorated: true,
    source: 'rule: ours (≤ 1 missing, mean × 7)',
  },
  {
    name: 'two missing: not scored',
    answers: [3, 3, 3, 0, 0, null, null],
    scores: { total: null },
    valid: false,
    source: 'rule: ours (≤ 1 missing)',
  },
  {
    name: 'out of range',
    answers: [0, 0, 0, 0, 0, 0, 7],
    scores: { total: null },
    valid: false,
    source: 'answers are 0–3',
  },
]);

const WHO = 'WHO-5: raw = sum of 5 items 0–5; percent = raw × 4; raw < 13 poor well-being';
runCases('who-5', [
  {
    name: 'all of the time: 25 / 100',
    answers: n(5, 5),
    scores: { total: 25, percent: 100 },
    bands: { total: 'not-poor-wellbeing', percent: null },
    source: WHO,
  },
  {
    name: 'at no time: 0 / 0',
    answers: n(5, 0),
    scores: { total: 0, percent: 0 },
    bands: { total: 'poor-wellbeing' },
    source: WHO,
  },
  {
    name: '12 is poor well-being (48%)',
    answers: [2, 2, 2, 3, 3],
    scores: { total: 12, percent: 48 },
    bands: { total: 'poor-wellbeing' },
    source: WHO,
  },
  {
    name: '13 is not poor (52%)',
    answers: [3, 2, 2, 3, 3],
    scores: { total: 13, percent: 52 },
    bands: { total: 'not-poor-wellbeing' },
    source: WHO,
  },
  {
    name: 'one missing: not scored (complete forms only)',
    answers: [3, 2, 2, 3, null],
    scores: { total: null, percent: null },
    valid: false,
    source: 'rule: ours (no missing)',
  },
  {
    name: '6 is out of range',
    answers: [6, 2, 2, 3, 3],
    scores: { total: null },
    valid: false,
    source: 'answers 0–5',
  },
]);

const DIENER =
  'SWLS: sum of 5 items 1–7; bands 5–9, 10–14, 15–19, 20, 21–25, 26–30, 31–35 (Pavot & Diener 1993)';
const swls = (total: number) => {
  const answers = n(5, 1);
  let left = total - 5;
  for (let i = 0; i < 5 && left > 0; i++) {
    const add = Math.min(6, left);
    answers[i] = 1 + add;
    left -= add;
  }
  return answers;
};
runCases(
  'swls',
  (
    [
      [5, 'extremely-dissatisfied'],
      [9, 'extremely-dissatisfied'],
      [10, 'dissatisfied'],
      [14, 'dissatisfied'],
      [15, 'slightly-dissatisfied'],
      [19, 'slightly-dissatisfied'],
      [20, 'neutral'],
      [21, 'slightly-satisfied'],
      [25, 'slightly-satisfied'],
      [26, 'satisfied'],
      [30, 'satisfied'],
      [31, 'extremely-satisfied'],
      [35, 'extremely-satisfied'],
    ] as const
  )
    .map(([total, band]): Case => ({
      name: `${total} is ${band}`,
      answers: swls(total),
      scores: { total },
      bands: { total: band },
      source: DIENER,
    }))
    .concat([
      {
        name: 'one missing: not scored',
        answers: [7, 7, 7, 7, null],
        scores: { total: null },
        valid: false,
        source: 'rule: ours (no missing)',
      },
      {
        name: '0 is out of range',
        answers: [0, 7, 7, 7, 7],
        scores: { total: null },
        valid: false,
        source: 'answers 1–7',
      },
      {
        name: '8 is out of range',
        answers: [8, 7, 7, 7, 7],
        scores: { total: null },
        valid: false,
        source: 'answers 1–7',
      },
    ]),
);

const FS = 'Diener et al. 2010: sum of 8 items 1–7, range 8–56';
runCases('flourishing-scale', [
  { name: 'lowest 8', answers: n(8, 1), scores: { total: 8 }, source: FS },
  { name: 'highest 56', answers: n(8, 7), scores: { total: 56 }, source: FS },
  { name: 'mixed 36', answers: [4, 5, 4, 5, 4, 5, 4, 5], scores: { total: 36 }, source: FS },
  {
    name: 'one missing prorated: 31 over 7 × 8',
    answers: [4, 5, 4, 5, 4, 5, 4, null],
    scores: { total: (31 / 7) * 8 },
    prorated: true,
    source: 'rule: ours (≤ 1 missing)',
  },
  {
    name: 'two missing: not scored',
    answers: [4, 5, 4, 5, 4, 5, null, null],
    scores: { total: null },
    valid: false,
    source: 'rule: ours (≤ 1 missing)',
  },
  {
    name: '0 out of range',
    answers: [0, 5, 4, 5, 4, 5, 4, 5],
    scores: { total: null },
    valid: false,
    source: 'answers 1–7',
  },
]);

const HATCHER =
  'Hatcher & Gillaspy 2006: 12 items 1–5; task 1,2,10,12; bond 3,5,7,9; goal 4,6,8,11';
// task items = 1, bond items = 3, goal items = 5
const wai = [1, 1, 3, 5, 3, 5, 3, 5, 3, 1, 5, 1];
runCases('wai-sr', [
  {
    name: 'all "Always": 60 and 20 each',
    answers: n(12, 5),
    scores: { total: 60, goal: 20, task: 20, bond: 20 },
    source: HATCHER,
  },
  {
    name: 'all "Seldom": 12 and 4 each',
    answers: n(12, 1),
    scores: { total: 12, goal: 4, task: 4, bond: 4 },
    source: HATCHER,
  },
  {
    name: 'subscales kept apart: task 4, bond 12, goal 20, total 36',
    answers: wai,
    scores: { total: 36, task: 4, bond: 12, goal: 20 },
    source: HATCHER,
  },
  {
    name: 'item 3 missing: bond and total prorated',
    answers: wai.map((v, i) => (i === 2 ? null : v)),
    scores: { total: (33 / 11) * 12, bond: 12, task: 4, goal: 20 },
    prorated: true,
    source: 'rule: ours (total ≤ 2, subscale ≤ 1 missing)',
  },
  {
    name: 'items 3 and 5 missing: bond not scored, total prorated, still valid',
    answers: wai.map((v, i) => (i === 2 || i === 4 ? null : v)),
    scores: { total: (30 / 10) * 12, bond: null, task: 4, goal: 20 },
    prorated: true,
    source: 'rule: ours',
  },
  {
    name: 'three missing: total not scored, invalid',
    answers: wai.map((v, i) => (i < 3 ? null : v)),
    scores: { total: null },
    valid: false,
    source: 'rule: ours (total ≤ 2 missing)',
  },
  {
    name: '0 out of range',
    answers: [0, ...n(11, 3)],
    scores: { total: null },
    valid: false,
    source: 'answers 1–5',
  },
  {
    name: '6 out of range',
    answers: [6, ...n(11, 3)],
    scores: { total: null },
    valid: false,
    source: 'answers 1–5',
  },
]);

const STRATTON =
  'Stratton et al. 2010 / PhenX: 1 = describes us very well … 5 = not at all; problem-worded items reversed so higher = more difficulties';
const strengths = [1, 3, 6, 10, 15];
const score15 = (strengthValue: number, problemValue: number) =>
  Array.from({ length: 15 }, (_, i) => (strengths.includes(i + 1) ? strengthValue : problemValue));
runCases('score-15', [
  {
    name: 'best family functioning: 15, each subscale 5',
    answers: score15(1, 5),
    scores: { total: 15, strengths: 5, overwhelmed: 5, communication: 5 },
    source: STRATTON,
  },
  {
    name: 'worst: 75, each subscale 25',
    answers: score15(5, 1),
    scores: { total: 75, strengths: 25, overwhelmed: 25, communication: 25 },
    source: STRATTON,
  },
  {
    name: 'everything "describes us very well": strengths 5, problems 10 × 5 = 50, total 55',
    answers: n(15, 1),
    scores: { total: 55, strengths: 5, overwhelmed: 25, communication: 25 },
    source: STRATTON,
  },
  {
    name: 'all "partly": 45',
    answers: n(15, 3),
    scores: { total: 45, strengths: 15, overwhelmed: 15, communication: 15 },
    source: STRATTON,
  },
  {
    name: 'one strengths item missing: strengths and total prorated',
    answers: score15(1, 5).map((v, i) => (i === 0 ? null : v)),
    scores: { total: 15, strengths: 5 },
    prorated: true,
    source: 'rule: ours (total ≤ 2, subscale ≤ 1)',
  },
  {
    name: 'three missing: not scored',
    answers: score15(1, 5).map((v, i) => (i < 3 ? null : v)),
    scores: { total: null },
    valid: false,
    source: 'rule: ours (total ≤ 2)',
  },
  {
    name: '6 out of range',
    answers: [6, ...n(14, 3)],
    scores: { total: null },
    valid: false,
    source: 'answers 1–5',
  },
]);

const OURS =
  'Rapport session feedback: total = tension item 3 (0–4); tension ≥ 2 → rupture (docs/methods.md)';
runCases('session-feedback', [
  {
    name: 'no tension: total 0, resolution not asked, valid',
    answers: ['The homework idea', null, 0, null, null],
    scores: { total: 0, tension: 0, resolution: null },
    source: OURS,
  },
  {
    name: 'tension 1: no rupture flag',
    answers: [null, null, 1, 4, null],
    scores: { total: 1, resolution: 4 },
    source: OURS,
  },
  {
    name: 'tension 2: rupture',
    answers: [null, 'Felt rushed', 2, 1, 'I was tired'],
    scores: { total: 2, tension: 2, resolution: 1 },
    flags: ['rupture'],
    source: OURS,
  },
  {
    name: 'tension 4: rupture',
    answers: [null, null, 4, 0, null],
    scores: { total: 4 },
    flags: ['rupture'],
    source: OURS,
  },
  {
    name: 'tension not answered: invalid',
    answers: ['ok', null, null, null, null],
    scores: { total: null },
    valid: false,
    source: OURS,
  },
  {
    name: 'tension 5 out of range',
    answers: [null, null, 5, null, null],
    scores: { total: null },
    valid: false,
    source: 'answers 0–4',
  },
  {
    name: 'a number for a free-text question is an error',
    answers: [3, null, 0, null, null],
    scores: { total: null },
    valid: false,
    source: 'items 1, 2, 5 are free text',
  },
]);

const BORDIN =
  'Rapport therapist session rating: goal, task, bond = their item (1–5); total = their mean (worked by hand)';
runCases('therapist-session-rating', [
  {
    name: 'goal 4, task 2, bond 5, tension 1: total (4 + 2 + 5) / 3',
    answers: [4, 2, 5, 1],
    scores: { total: 11 / 3, goal: 4, task: 2, bond: 5, tension: 1 },
    source: BORDIN,
  },
  {
    name: 'all 1 with tension 4: the floor',
    answers: [1, 1, 1, 4],
    scores: { total: 1, goal: 1, task: 1, bond: 1, tension: 4 },
    source: BORDIN,
  },
  {
    name: 'bond not answered: total not scored, goal and task are',
    answers: [3, 4, null, 0],
    scores: { total: null, goal: 3, task: 4, bond: null },
    valid: false,
    source: 'rule: ours (single items, nothing prorated)',
  },
  {
    name: '0 is below the frequency range',
    answers: [0, 3, 3, 0],
    scores: { total: null },
    valid: false,
    source: 'answers 1–5',
  },
]);

describe('readable errors', () => {
  it('names the item, the value and what is allowed', () => {
    const result = score('phq-9', [4, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(result.errors).toEqual(['item 1: 4 is not a valid answer (a whole number from 0 to 3)']);
    expect(result.scales.every((s) => s.score === null)).toBe(true);
  });

  it('reports an unknown item', () => {
    const definition = findBundledInstrument('gad-7');
    const result = scoreResponse(definition!, { '1': 0, '8': 1, q3: 2 });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      'item 8: unknown item (gad-7 has items 1–7)',
      'item q3: unknown item (gad-7 has items 1–7)',
    ]);
  });

  it('explains a scale that could not be scored', () => {
    const result = score('phq-9', [1, 1, null, null, 1, 1, 1, 1, 0]);
    expect(result.errors).toEqual(['total: 2 of 9 items missing; at most 1 may be missing']);
    expect(scoreOf(result)?.answered).toBe(7);
  });

  it('warns when the risk item was not answered', () => {
    const result = score('phq-9', [1, 1, 1, 1, 1, 1, 1, 1, null]);
    expect(result.valid).toBe(true);
    expect(result.flags).toEqual([]);
    expect(result.warnings).toEqual(['item 9 was not answered, so "risk" could not be checked']);
  });

  it('rejects text where a number belongs', () => {
    const result = score('who-5', ['3', 3, 3, 3, 3]);
    expect(result.errors).toEqual([
      'item 1: "3" is not a valid answer (a whole number from 0 to 5)',
    ]);
  });

  it('reports cut-offs reached', () => {
    expect(score('phq-9', phq(10)).cutOffs).toEqual(['clinical-range']);
    expect(score('phq-9', phq(9)).cutOffs).toEqual([]);
    expect(score('who-5', [2, 2, 2, 3, 3]).cutOffs).toEqual(['poor-wellbeing']);
  });

  it('gives the item mean beside the score', () => {
    const result = score('wai-sr', wai);
    expect(scoreOf(result, 'bond')).toMatchObject({ itemMean: 3, answered: 4, itemCount: 4 });
    expect(scoreOf(result)?.itemMean).toBe(3);
  });
});
