/**
 * measurement: synthetic control on GeoLift_Test (1,000 permutations) <= 300 ms; synthetic DiD on
 * Proposition 99 <= 100 ms and its placebo SE (200 placebos) <= 5 s; experimentCounts over
 * 10,000,000 person rows <= 1 s. Baselines from the same run: a plain loop summing the rows, and
 * the synthetic-control fit alone.
 */
import { readFileSync } from 'node:fs';
import { createRng, summarize } from '../src/core/index.js';
import { experimentCounts, syntheticControl, syntheticDiD, type ExperimentRow } from '../src/measurement/index.js';
import { report, timeMedian } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/measurement/${name}`, import.meta.url), 'utf8').trim().split('\n').slice(1);
const geoLift = fixture('GeoLift_Test.csv').map((l) => { const [location, Y, date] = l.split(','); return { location: location!, Y: Number(Y), date: date! }; });
const prop99 = fixture('california_prop99.csv').map((l) => { const [unit, time, outcome] = l.split(';'); return { unit: unit!, time: Number(time), outcome: Number(outcome) }; });
const sc = { treatedUnits: ['chicago', 'portland'], treatmentStart: '2021-04-01', columns: { unit: 'location', time: 'date', outcome: 'Y' } };

const scFull = timeMedian(() => syntheticControl(geoLift, { ...sc, permutations: 1000 }), { repeat: 5 });
const scP = timeMedian(() => syntheticControl(geoLift, { ...sc, permutations: 1000, interval: false }), { repeat: 5 });
const scFit = timeMedian(() => syntheticControl(geoLift, { ...sc, permutations: 19, interval: false }), { repeat: 5 });
const sdid = timeMedian(() => syntheticDiD(prop99, { treatedUnits: ['California'], treatmentStart: 1989, placebos: 0 }), { repeat: 7 });
const sdidSe = timeMedian(() => syntheticDiD(prop99, { treatedUnits: ['California'], treatmentStart: 1989, placebos: 200 }), { repeat: 3 });

const N = 10_000_000;
const rng = createRng(3);
const rows: ExperimentRow[] = new Array<ExperimentRow>(N);
for (let i = 0; i < N; i++) {
  const t = rng.uniform() < 0.9;
  const c = rng.uniform() < (t ? 0.055 : 0.05);
  rows[i] = c ? { group: t ? 'treatment' : 'control', converted: true, value: 100 } : { group: t ? 'treatment' : 'control', converted: false };
}
const counts = timeMedian(() => summarize(experimentCounts, rows), { repeat: 3 });
const plain = timeMedian(() => { let a = 0, b = 0; for (let i = 0; i < N; i++) { const r = rows[i]!; if (r.group === 'treatment') a++; if (r.converted === true) b++; } return a + b; }, { repeat: 3 });

report('measurement', [
  { name: 'syntheticControl, GeoLift_Test, 1,000 permutations, p-value + conformal interval', value: scFull.ms, unit: 'ms', target: 300, baseline: `the fit alone ${scFit.ms.toFixed(0)} ms` },
  { name: 'syntheticControl, GeoLift_Test, 1,000 permutations, p-value only', value: scP.ms, unit: 'ms', target: 300 },
  { name: 'syntheticDiD, Proposition 99 (estimate)', value: sdid.ms, unit: 'ms', target: 100 },
  { name: 'syntheticDiD placebo SE, 200 placebos', value: sdidSe.ms, unit: 'ms', target: 5000 },
  { name: 'experimentCounts over 10,000,000 person rows', value: counts.ms, unit: 'ms', target: 1000, baseline: `plain counting loop ${plain.ms.toFixed(0)} ms` },
]);
