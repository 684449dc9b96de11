/**
 * `npm run demo` — the showcase: walks the audience-kit pipeline on the embedded default data
 * (the simulated market). `npm run demo -- --quick` runs the same path on a smaller world (CI).
 */
import * as core from '../src/core/index.js';
import { heading, type DemoContext } from './demo/context.js';
import { simulateSection } from './demo/simulate.js';
import { identitySection } from './demo/identity.js';
import { matchingSection } from './demo/matching.js';
import { featuresSection } from './demo/features.js';
import { segmentsSection } from './demo/segments.js';
import { lookalikeSection } from './demo/lookalike.js';
import { attributionSection } from './demo/attribution.js';
import { ltvSection } from './demo/ltv.js';
import { stagesSection } from './demo/lifecycle.js';
import { measurementSection } from './demo/measurement.js';

const quick = process.argv.includes('--quick') || process.env.DEMO_QUICK === '1';
const ctx: DemoContext = { quick, shared: new Map() };

const modules: [string, string, boolean][] = [
  ['core', 'errors, seeded PRNG, Embeddings, vector kernels, top-k, mergeable summaries', true],
  ['simulate', 'a deterministic market with ground truth: the default data', true],
  ['identity', 'normalize, hash and stitch identifiers into people; Fellegi–Sunter matching', true],
  ['features', 'profiles and events into vectors (scalers, one-hot, TF-IDF, hashing, RFM)', true],
  ['segments', 'rule-based audiences, overlap and TGI insight', true],
  ['lookalike', 'expand a seed audience by similarity (centroid, prototypes, kNN, classifier)', true],
  ['lifecycle', 'Aware → Appeal → Act → Advocate stages, transitions, BG/NBD / Pareto/NBD / Gamma-Gamma LTV', true],
  ['attribution', 'multi-touch attribution: heuristics, exact Markov removal effects, Shapley', true],
  ['measurement', 'what a campaign caused: holdout lift, power, synthetic control, TBR', true],
];

console.log('audience-kit — audience modeling for brands on joined commerce + social data, as pure functions.');
console.log(`Mode: ${quick ? 'quick (CI)' : 'full'}.  Modules in this build:`);
for (const [name, what, ready] of modules) console.log(`  ${ready ? '✓' : '·'} ${name.padEnd(12)} ${what}${ready ? '' : '  (not yet built)'}`);

heading('core: a seeded generator is the only source of randomness');
const rng = core.createRng(42);
console.log(`  createRng(42): ${[rng.uniform(), rng.uniform(), rng.uniform()].map((x) => x.toFixed(6)).join(', ')} (same on every run)`);

const sections: ((ctx: DemoContext) => void | Promise<void>)[] = [simulateSection, identitySection, matchingSection, featuresSection, segmentsSection, lookalikeSection, ltvSection, stagesSection, attributionSection, measurementSection];
for (const section of sections) await section(ctx);
console.log('\nDone.');
