// Does a *published* form of the rupture rule generalise (issue 18, item 6)? Recall and
// precision of several sourced forms on the cohort families of
// src/core/synthetic/generate-cohort-family.ts and on the cohort the rule was first tuned on,
// each with the stand-in pooled SD (0.6) and with the interindividual SD measured from the
// cohort itself, scored as measureRuptureDetection scores the alerts (exact onset session).
// Forms (bench/README.md, "Published forms of the rule"):
//   window  — the alerts' rule: baseline = mean of the previous 3 scores, SD = max(own, pooled)
//             (Gumz et al. 2012), rupture when A_t ≤ baseline − k·SD
//   stiles  — the same against the client's mean over all sessions so far (Stiles et al. 2004
//             compare a session with the client's own mean), SD = max(own, pooled)
//   stiles-own — Stiles et al.'s own-SD form, no interindividual floor
//   rc-prev, rc-window — a drop from the previous score (or the 3-score baseline) of at least
//             the reliable-change criterion 1.96·SD·√(2(1 − r)) (Jacobson & Truax 1991), SD the
//             interindividual SD, r the instrument's reliability
//   sudden-loss — Tang & DeRubeis (1999) criteria 1 and 2 turned round, as the R package
//             suddengains' identify_sl does: a drop from the previous score of at least the
//             reliable-change criterion and of at least 25 % of the pre-loss score (12-item
//             sum metric); criterion 3 needs two sessions after the loss and can only remove
//             detections, so recall here bounds its recall
// Usage: npx tsx bench/rupture-variants.bench.ts [clients=1500] [seed=tune] [families=all]
//        [forms=all, e.g. window:1.25,stiles:1.25,rc-prev:0.8]
import type { ScorePoint } from '../src/core/alliance/alliance-finding.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS as defaults } from '../src/core/alliance/alliance-rule-parameters.ts';
import { COMPARISON_TOLERANCE } from '../src/core/alliance/describe-alliance-values.ts';
import { detectRuptureEpisodes } from '../src/core/alliance/detect-rupture-episodes.ts';
import { estimateInterindividualSd } from '../src/core/alliance/estimate-interindividual-sd.ts';
import { generateAllianceCohort } from '../src/core/synthetic/generate-alliance-cohort.ts';
import {
  type CohortFamily,
  generateCohortFamily,
} from '../src/core/synthetic/generate-cohort-family.ts';
import {
  measureRuptureDetection,
  scoreRuptureDetections,
} from '../src/core/synthetic/measure-rupture-detection.ts';
import { detectByDrop, totalSeries } from './rupture-forms.ts';

type Form = 'window' | 'stiles' | 'stiles-own' | 'rc-prev' | 'rc-window' | 'sudden-loss';
const FORMS: readonly Form[] = [
  'window',
  'stiles',
  'stiles-own',
  'rc-prev',
  'rc-window',
  'sudden-loss',
];
/** k for the SD forms; the reliability r for the reliable-change forms. */
const VALUES: Record<Form, readonly number[]> = {
  window: [1, 1.25, 1.5, 1.75, 2],
  stiles: [1, 1.25, 1.5, 1.75, 2],
  'stiles-own': [1.5, 2],
  'rc-prev': [0.8, 0.85, 0.9, 0.93],
  'rc-window': [0.8, 0.85, 0.9, 0.93],
  'sudden-loss': [0.8, 0.9],
};

const clients = Number(process.argv[2] ?? 1500);
const seed = process.argv[3] ?? 'tune';
const families = (process.argv[4] ?? 'ar1,plateau,gappy,original').split(',');
const forms: [Form, number][] = process.argv[5]
  ? process.argv[5].split(',').map((f) => {
      const [form, value] = f.split(':');
      return [form as Form, Number(value)];
    })
  : FORMS.flatMap((form) => VALUES[form].map((value): [Form, number] => [form, value]));

/** The SD forms run the alerts' own detector with another window or without the floor. */
function detectBySd(points: ScorePoint[], form: Form, k: number, pooledSd: number): number[] {
  const rupture = {
    ...defaults.rupture,
    k,
    pooledSd: form === 'stiles-own' ? null : pooledSd,
    window: form === 'window' ? defaults.rupture.window : Number.MAX_SAFE_INTEGER,
  };
  return detectRuptureEpisodes(points, rupture, defaults.repair).map((e) => e.point.session);
}

/** The reliable-change forms: a fixed drop criterion in place of k·SD (bench/rupture-forms.ts). */
function detectByReliableChange(points: ScorePoint[], form: Form, r: number, sd: number): number[] {
  const criterion = 1.96 * sd * Math.sqrt(2 * (1 - r));
  return detectByDrop(points, {
    baseline: form === 'rc-window' ? 'window' : 'previous',
    requiredDrop: () => criterion,
    alsoRequire:
      form === 'sudden-loss'
        ? (drop, baseline) => drop >= 0.25 * baseline - COMPARISON_TOLERANCE
        : undefined,
  });
}

console.log(`${clients} clients per family, seed ${seed}`);
console.log(
  '| family | form | k or r | recall / precision, stand-in SD 0.6 | measured SD (value) |',
);
console.log('| --- | --- | --- | --- | --- |');
for (const family of families) {
  const cohort =
    family === 'original'
      ? generateAllianceCohort({ clients, seed })
      : generateCohortFamily({
          family: family as CohortFamily,
          clients,
          seed,
        });
  const series = new Map(cohort.map((client) => [client, totalSeries(client)]));
  const measured = estimateInterindividualSd(cohort.map((client) => client.history))!;
  // The bench's window form must be the alerts' rule itself: same counts as the alerts' measure.
  const alerts = measureRuptureDetection(cohort, defaults);
  const mine = scoreRuptureDetections(cohort, (c) =>
    detectBySd(series.get(c)!, 'window', defaults.rupture.k, defaults.rupture.pooledSd!),
  );
  if (alerts.truePositives !== mine.truePositives || alerts.falsePositives !== mine.falsePositives)
    throw new Error(`${family}: the bench's window form is not the alerts' rule`);
  for (const [form, value] of forms) {
    const cells = [defaults.rupture.pooledSd!, measured].map((sd) => {
      const score = scoreRuptureDetections(cohort, (c) =>
        form.startsWith('rc-') || form === 'sudden-loss'
          ? detectByReliableChange(series.get(c)!, form, value, sd)
          : detectBySd(series.get(c)!, form, value, sd),
      );
      return `${score.recall.toFixed(3)} / ${score.precision.toFixed(3)}`;
    });
    console.log(
      `| ${family} | ${form} | ${value} | ${cells[0]} | ${cells[1]} (${measured.toFixed(3)}) |`,
    );
  }
}
