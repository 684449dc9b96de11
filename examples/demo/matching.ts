/**
 * Demo section: probabilistic record matching (Fellegi–Sunter) on a small Febrl-like member list
 * generated here (no files read): people typed in twice with typos, swapped digits and blanks.
 */
import { createRng } from '../../src/core/index.js';
import type { Rng } from '../../src/core/index.js';
import { explainPair, matchRecords, toIdentityLinks } from '../../src/identity/match/index.js';
import type { MatchRecord } from '../../src/identity/match/index.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

const GIVEN = ['olivia', 'jack', 'charlotte', 'william', 'amelia', 'noah', 'isla', 'oliver', 'mia', 'thomas', 'ava', 'james', 'grace', 'lucas', 'chloe', 'henry', 'zoe', 'ethan', 'ruby', 'liam', 'sophie', 'max', 'ella', 'leo', 'emily', 'samuel', 'lily', 'harrison', 'matilda', 'alexander'];
const SURNAMES = ['smith', 'jones', 'williams', 'brown', 'wilson', 'taylor', 'johnson', 'white', 'martin', 'anderson', 'thompson', 'nguyen', 'thomas', 'walker', 'harris', 'lee', 'ryan', 'robinson', 'kelly', 'king', 'davis', 'wright', 'evans', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke', 'patel', 'mcdonald', 'campbell', 'mitchell', 'young', 'hughes', 'edwards', 'turner', 'hill', 'cooper', 'ward'];
const SUBURBS = ['bondi', 'carlton', 'fitzroy', 'manly', 'newtown', 'paddington', 'richmond', 'st kilda', 'toowong', 'subiaco', 'glenelg', 'sandy bay', 'braddon', 'parap', 'brunswick', 'balmain'];

function typo(rng: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = rng.int(1, s.length - 2);
  return rng.bernoulli(0.5) ? s.slice(0, i) + s[i + 1]! + s[i]! + s.slice(i + 2) : s.slice(0, i) + s.slice(i + 1);
}

/** `people` originals and about 30% re-typed duplicates, with their person number as truth. */
function memberList(people: number, seed: number): { records: MatchRecord[]; person: number[] } {
  const rng = createRng(seed);
  const records: MatchRecord[] = [];
  const person: number[] = [];
  for (let p = 0; p < people; p++) {
    const sub = rng.int(0, SUBURBS.length - 1);
    const base = {
      member_id: `m${String(records.length).padStart(5, '0')}`,
      given_name: GIVEN[Math.floor(GIVEN.length * rng.uniform() ** 1.5)]!,
      surname: SURNAMES[Math.floor(SURNAMES.length * rng.uniform() ** 1.5)]!,
      dob: `${rng.int(1950, 2004)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      suburb: SUBURBS[sub]!,
      postcode: String(2000 + sub * 37),
      phone: `04${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
    };
    records.push(base); person.push(p);
    if (rng.bernoulli(0.3)) {
      const dup: Record<string, string | null> = { ...base, member_id: `m${String(records.length).padStart(5, '0')}` };
      const fields = ['given_name', 'surname', 'dob', 'suburb', 'phone'] as const;
      for (let c = rng.int(1, 2); c > 0; c--) {
        const f = fields[rng.int(0, fields.length - 1)]!;
        dup[f] = rng.bernoulli(0.2) ? null : f === 'dob' ? base.dob.slice(0, 8) + String(rng.int(10, 28)) : typo(rng, base[f]);
      }
      records.push(dup); person.push(p);
    }
  }
  return { records, person };
}

/** Probabilistic matching on a generated member list: accuracy against the known truth and one explained pair. */
export function matchingSection(ctx: DemoContext): void {
  heading('identity: probabilistic matching (Fellegi–Sunter, unsupervised EM) — records without a shared key');
  const { records, person } = memberList(ctx.quick ? 1500 : 6000, 2024);
  const t0 = performance.now();
  const result = matchRecords(records, {
    fields: [
      { field: 'given_name', method: 'jaroWinkler', thresholds: [0.92, 0.8], termFrequency: true },
      { field: 'surname', method: 'jaroWinkler', thresholds: [0.92, 0.8], termFrequency: true },
      { field: 'dob', method: 'date', thresholds: [31, 366] },
      { field: 'suburb', method: 'jaroWinkler', thresholds: [0.9] },
      { field: 'phone', method: 'levenshtein', thresholds: [1, 2] },
    ],
    blocking: [['surname', 'given_name'], ['dob'], ['phone'], ['postcode', 'given_name']],
    threshold: 0.9,
    idField: 'member_id',
  });
  const ms = performance.now() - t0;
  let predicted = 0, correct = 0;
  for (let k = 0; k < result.pairs.length; k++) {
    if (result.pairs.probability[k]! < 0.9) continue;
    predicted++;
    if (person[result.pairs.left[k]!] === person[result.pairs.right[k]!]) correct++;
  }
  const sizes = new Map<number, number>();
  for (const p of person) sizes.set(p, (sizes.get(p) ?? 0) + 1);
  let truePairs = 0;
  for (const c of sizes.values()) truePairs += (c * (c - 1)) / 2;
  const precision = predicted === 0 ? 1 : correct / predicted, recall = correct / truePairs;
  console.log(`  ${fmtInt(records.length)} member records (name, birth date, suburb, phone; typos and blanks), ${fmtInt(result.candidatePairs)} candidate pairs from 4 blocking rules, ${ms.toFixed(0)} ms.`);
  console.log(`  EM: ${result.model.estimation.iterations} iterations; prior = 1 in ${fmtInt(1 / result.model.prior)} record pairs is a match.`);
  printTable(result.model.fields.map((f) => ({ field: f.field, 'm(exact)': f.m[0]!, 'u(exact)': f.u[0]!.toExponential(2), 'm(else)': f.m[f.m.length - 1]! })));
  console.log(`  vs the generator's truth: precision ${fmtPct(precision)}, recall ${fmtPct(recall)}, F1 ${fmtPct((2 * precision * recall) / (precision + recall))} (${fmtInt(correct)} of ${fmtInt(truePairs)} duplicate pairs found).`);
  let k = 0, best = 1;
  for (let q = 0; q < result.pairs.length; q++) { const d = Math.abs(result.pairs.probability[q]! - 0.95); if (d < best) { best = d; k = q; } }
  const e = explainPair(result, k);
  console.log(`  Why ${e.leftId} and ${e.rightId} score ${fmtPct(e.probability)} (the waterfall):`);
  for (const line of e.text) console.log(`    ${line}`);
  const links = toIdentityLinks(result, { type: 'member_id' });
  console.log(`  → ${fmtInt(links.length)} links { identifiers, source: 'probabilistic', probability } for resolveIdentities; ${fmtInt(result.clusterCount)} people after clustering (truth: ${fmtInt(sizes.size)}).`);
  ctx.shared.set('matching', { result, links });
}
