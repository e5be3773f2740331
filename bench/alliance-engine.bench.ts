// Accuracy and speed of the alliance engine (src/core/alliance) on synthetic cohorts
// (src/core/synthetic). Prints recall/precision of rupture detection for k = 1, 1.5, 2 at
// the docs/methods.md defaults, by rupture depth, with the cohort's own interindividual SD, alarms
// on noise alone, and the time
// per 1,000 cases of analyseCase against a baseline measured in the same run: a plain loop
// that computes only each series' mean over the same data.
// Usage: npx tsx bench/alliance-engine.bench.ts [timingClients=100000] [accuracyClients=2000]
import { analyseCase } from '../src/core/alliance/analyse-case.ts';
import { DEFAULT_ALLIANCE_RULE_PARAMETERS } from '../src/core/alliance/alliance-rule-parameters.ts';
import { detectRuptures } from '../src/core/alliance/detect-ruptures.ts';
import { estimateInterindividualSd } from '../src/core/alliance/estimate-interindividual-sd.ts';
import {
  generateAllianceCohort,
  type SyntheticAllianceClient,
} from '../src/core/synthetic/generate-alliance-cohort.ts';
import {
  measureRuptureDetection,
  measureRuptureDetectionByK,
  type RuptureDetectionScore,
} from '../src/core/synthetic/measure-rupture-detection.ts';

const timingClients = Number(process.argv[2] ?? 100_000);
const accuracyClients = Number(process.argv[3] ?? 2_000);
const defaults = DEFAULT_ALLIANCE_RULE_PARAMETERS;
const format = (x: number) => x.toFixed(3);
const row = (label: string, s: RuptureDetectionScore) =>
  `| ${label} | ${s.k} | ${format(s.recall)} | ${format(s.precision)} | ${s.truePositives} | ${s.falsePositives} | ${s.falseNegatives} |`;
const header = '| setting | k | recall | precision | TP | FP | FN |\n|---|---|---|---|---|---|---|';

// --- accuracy -------------------------------------------------------------------------
const cohort = generateAllianceCohort({ clients: accuracyClients, seed: 'alliance-cohort' });
const injected = cohort.reduce((sum, c) => sum + c.ruptures.length, 0);
const cohortSd = estimateInterindividualSd(cohort.map((c) => c.history));
const withPooled = (pooledSd: number | null) => ({
  ...defaults,
  rupture: { ...defaults.rupture, pooledSd },
});
console.log(
  `Accuracy: ${accuracyClients} synthetic clients, ${injected} injected ruptures, seed "alliance-cohort".\n`,
);
console.log(header);
for (const s of measureRuptureDetectionByK(cohort, defaults))
  console.log(row(`defaults (pooled SD ${defaults.rupture.pooledSd})`, s));
for (const s of measureRuptureDetectionByK(cohort, withPooled(cohortSd)))
  console.log(row(`cohort's own interindividual SD (${cohortSd?.toFixed(3)})`, s));
for (const s of measureRuptureDetectionByK(cohort, withPooled(0.3)))
  console.log(row('old reading: pooled within-client SD 0.3', s));
for (const s of measureRuptureDetectionByK(cohort, withPooled(null)))
  console.log(row('own SD only (no pooled SD)', s));

console.log(
  '\nRecall at the defaults (k = 1.5) by injected depth, in the SDs the rule judges each client by (max of own and 0.6):\n',
);
console.log('| depth | ruptures | recall |\n|---|---|---|');
for (const [low, high] of [
  [2.5, 3],
  [3, 3.5],
] as const) {
  const subset: SyntheticAllianceClient[] = cohort.map((c) => ({
    ...c,
    ruptures: c.ruptures.filter((r) => r.depthInSd >= low && r.depthInSd < high),
  }));
  const s = measureRuptureDetection(subset, defaults);
  const n = s.truePositives + s.falseNegatives;
  console.log(`| ${low}–${high} SD | ${n} | ${format(s.recall)} |`);
}

// False alarms on pure noise: the same clients with no ruptures injected.
const quiet = generateAllianceCohort({
  clients: accuracyClients,
  seed: 'alliance-cohort',
  ruptureCountProbabilities: [1],
});
const eligible = quiet.reduce((sum, c) => sum + c.history.sessions.length - 1, 0);
console.log(
  '\nAlarms on noise alone (no ruptures injected), per scored session after the first:\n',
);
console.log('| pooled SD | k | alarms | per session | per client |\n|---|---|---|---|---|');
for (const pooled of [defaults.rupture.pooledSd, 0.3, null]) {
  for (const s of measureRuptureDetectionByK(quiet, withPooled(pooled)))
    console.log(
      `| ${pooled ?? 'none'} | ${s.k} | ${s.falsePositives} | ${format(s.falsePositives / eligible)} | ${format(s.falsePositives / accuracyClients)} |`,
    );
}

// The cohort has no subscale-specific ruptures, so every subscale-only alert is a false one.
let subscaleOnly = 0;
const allScalesAlert = { ...defaults.rupture, alertScales: defaults.rupture.scales };
for (const c of cohort) {
  subscaleOnly += detectRuptures(c.history, allScalesAlert, defaults.repair).filter(
    (f) => f.evidence.scale !== 'total',
  ).length;
}
console.log(
  `\nIf subscales were allowed to alert (alertScales = all four), subscale-only rupture alerts: ${subscaleOnly} for ${accuracyClients} clients (${format(subscaleOnly / accuracyClients)} per client), all false.`,
);

// Sensitivity, not the test's cohort: shallower or deeper dips, and depth in own SDs.
console.log(
  '\nSensitivity to rupture depth (defaults, k = 1.5; other generator settings unchanged):\n',
);
console.log('| injected depth | recall | precision |\n|---|---|---|');
for (const [min, max, floor] of [
  [1.5, 2.5, defaults.rupture.pooledSd],
  [2, 3, defaults.rupture.pooledSd],
  [2.5, 3.5, defaults.rupture.pooledSd],
  [3, 4, defaults.rupture.pooledSd],
  [2, 3, null],
  [3, 4, null],
  [4, 5, null],
] as const) {
  const variant = generateAllianceCohort({
    clients: accuracyClients,
    seed: 'alliance-cohort',
    depthInSd: { min, max },
    depthSdFloor: floor,
  });
  const s = measureRuptureDetection(variant, defaults);
  const unit = floor === null ? "client's own SD" : `max(own SD, ${floor})`;
  console.log(`| ${min}–${max} × ${unit}, ≥ 0.6 | ${format(s.recall)} | ${format(s.precision)} |`);
}

// --- speed ----------------------------------------------------------------------------
// Generated in chunks so 100,000 cases never sit in memory at once; each chunk is timed
// twice, baseline then engine, so both see the same data in the same state of the JIT.
const chunk = 10_000;
let engineMs = 0;
let baselineMs = 0;
let findings = 0;
let sink = 0;
// Warm-up on a small cohort so neither measurement pays for compilation.
for (const c of generateAllianceCohort({ clients: 500, seed: 'warm-up' })) analyseCase(c.history);
for (let start = 0; start < timingClients; start += chunk) {
  const clients = generateAllianceCohort({
    clients: Math.min(chunk, timingClients - start),
    seed: `timing-${start}`,
  });
  let t = performance.now();
  for (const c of clients) {
    const sums = new Map<string, { sum: number; n: number }>();
    for (const r of c.history.ratings) {
      for (const [scale, value] of Object.entries(r.scores)) {
        const key = `${r.respondentId}:${scale}`;
        const s = sums.get(key) ?? { sum: 0, n: 0 };
        s.sum += value;
        s.n += 1;
        sums.set(key, s);
      }
    }
    for (const s of sums.values()) sink += s.sum / s.n;
  }
  baselineMs += performance.now() - t;
  t = performance.now();
  for (const c of clients) findings += analyseCase(c.history).length;
  engineMs += performance.now() - t;
}
const per1000 = (ms: number) => (ms / timingClients) * 1000;
console.log(
  `\nSpeed: ${timingClients} synthetic cases (${findings} findings; checksum ${sink.toFixed(0)}).\n`,
);
console.log('| run | total ms | ms per 1,000 cases | relative |\n|---|---|---|---|');
console.log(
  `| baseline: means only | ${baselineMs.toFixed(0)} | ${per1000(baselineMs).toFixed(1)} | 1.0 |`,
);
console.log(
  `| analyseCase (all rules) | ${engineMs.toFixed(0)} | ${per1000(engineMs).toFixed(1)} | ${(engineMs / baselineMs).toFixed(1)} |`,
);
console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}.`);
