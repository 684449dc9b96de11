/**
 * segments: a 5-condition rule over 1,000,000 people with event aggregates (target <= 1 s), and the
 * same rule with its event condition counted from 5,000,000 raw events. Baseline: a hand-written
 * Array.filter predicate over the same rows (what a user would write without the library).
 */
import { createRng } from '../src/core/index.js';
import { selectSegment, type SegmentRuleInput } from '../src/segments/index.js';
import { report, timeMedian } from './harness.js';

const N = 1_000_000, E = 5_000_000;
const rng = createRng(7);
const tags = ['skincare', 'makeup', 'idol_x', 'travel', 'tech', 'sports', 'baby', 'food'];
const people = Array.from({ length: N }, (_, i) => ({
  personId: `p${i}`,
  age: 18 + rng.int(0, 50),
  cityTier: rng.int(1, 5),
  gender: rng.bernoulli(0.6) ? 'f' : 'm',
  interests: tags.filter(() => rng.bernoulli(0.2)),
  purchases365: rng.poisson(0.6),
  follows90: rng.poisson(0.3),
}));
const DAY = 86_400_000, asOf = Date.UTC(2025, 11, 31);
const events = Array.from({ length: E }, () => ({
  personId: `p${rng.int(0, N - 1)}`,
  time: asOf - rng.int(0, 400) * DAY,
  type: rng.bernoulli(0.3) ? 'purchase' : 'click',
  channel: rng.bernoulli(0.5) ? 'jd_search' : 'official_account',
}));

const rule: SegmentRuleInput = {
  and: [
    { field: 'age', op: 'range', min: 20, max: 40 },
    { field: 'cityTier', op: 'in', values: [1, 2, 3] },
    { or: [{ field: 'interests', op: 'containsAny', values: ['skincare', 'makeup'] }, { field: 'follows90', op: 'range', min: 1 }] },
    { field: 'purchases365', op: 'range', min: 1 },
    { not: { field: 'gender', op: 'eq', value: 'm' } },
  ],
};
const ruleWithEvents: SegmentRuleInput = { and: [...(rule as { and: SegmentRuleInput[] }).and.slice(0, 4), { event: { types: ['purchase'], withinDays: 365 } }] };

const lib = timeMedian(() => selectSegment(rule, people).count, { repeat: 5 });
const base = timeMedian(() => people.filter((p) => p.age >= 20 && p.age <= 40 && [1, 2, 3].includes(p.cityTier)
  && (p.interests.includes('skincare') || p.interests.includes('makeup') || p.follows90 >= 1) && p.purchases365 >= 1 && p.gender !== 'm').length, { repeat: 5 });
if (lib.result !== base.result) throw new Error(`library ${lib.result} != baseline ${base.result}`);
const ev = timeMedian(() => selectSegment(ruleWithEvents, people, { asOf, events }).count, { repeat: 3 });

report('segments (1,000,000 people)', [
  { name: '5-condition rule over profile + aggregate fields', value: lib.ms, unit: 'ms', target: 1000, baseline: `hand-written Array.filter ${base.ms.toFixed(0)} ms (same ${base.result} people)` },
  { name: '5 conditions incl. one over 5,000,000 raw events', value: ev.ms, unit: 'ms' },
]);
