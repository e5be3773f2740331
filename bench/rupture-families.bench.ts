// Does the rupture rule generalise (issue 18, item 6)? Recall and precision of the alerts'
// rupture rule on the three cohort families of src/core/synthetic/generate-cohort-family.ts
// (ruptures 1.0–1.6 points deep) and on the cohort it was first tuned on, each with the
// stand-in pooled SD (0.6) and with the interindividual SD measured from the cohort itself (as
// a clinic's settings page measures it), at the default rule and at other k.
// Usage: npx tsx bench/rupture-families.bench.ts [clients=1500] [seed=tune] [k=1.5,1.25,1]
import { DEFAULT_ALLIANCE_RULE_PARAMETERS as defaults } from '../src/core/alliance/alliance-rule-parameters.ts';
import { estimateInterindividualSd } from '../src/core/alliance/estimate-interindividual-sd.ts';
import { generateAllianceCohort } from '../src/core/synthetic/generate-alliance-cohort.ts';
import {
  COHORT_FAMILIES,
  generateCohortFamily,
} from '../src/core/synthetic/generate-cohort-family.ts';
import { measureRuptureDetection } from '../src/core/synthetic/measure-rupture-detection.ts';

const clients = Number(process.argv[2] ?? 1500);
const seed = process.argv[3] ?? 'tune';
const ks = (process.argv[4] ?? '1.5,1.25,1').split(',').map(Number);
const cohorts = [
  ...COHORT_FAMILIES.map((family) => ({
    family: String(family),
    cohort: generateCohortFamily({ family, clients, seed }),
  })),
  { family: 'original', cohort: generateAllianceCohort({ clients, seed }) },
];
console.log(`${clients} clients per family, seed ${seed}`);
console.log('| k | family | injected | SD source | pooled SD | recall | precision |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const k of ks) {
  for (const { family, cohort } of cohorts) {
    const injected = cohort.reduce((sum, client) => sum + client.ruptures.length, 0);
    const measured = estimateInterindividualSd(cohort.map((client) => client.history))!;
    for (const [source, pooledSd] of [
      ['stand-in', defaults.rupture.pooledSd],
      ['measured', measured],
    ] as const) {
      const score = measureRuptureDetection(cohort, {
        ...defaults,
        rupture: { ...defaults.rupture, k, pooledSd },
      });
      console.log(
        `| ${k} | ${family} | ${injected} | ${source} | ${pooledSd?.toFixed(3)} | ${score.recall.toFixed(3)} | ${score.precision.toFixed(3)} |`,
      );
    }
  }
}
