import { z } from 'zod';
import { AudienceKitError, isReadonlyMap, parseWith } from '../../core/index.js';
import { findIdentifier } from './internal/graphIndex.js';
import type { IdentityGraph } from './resolveIdentities.js';

/** Pairwise accuracy of an identity graph against ground truth. */
export interface ResolutionEvaluation {
  /** Of the identifier pairs put in one person, the share that truly are one person. 1 when no pair was predicted. */
  readonly precision: number;
  /** Of the identifier pairs that truly are one person, the share put in one person. 1 when there is no true pair. */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  readonly truePairs: number;
  readonly predictedPairs: number;
  readonly correctPairs: number;
  /** Distinct true people among the evaluated identifiers. */
  readonly truePeople: number;
  /** Distinct predicted clusters among the evaluated identifiers (an identifier in no person counts as its own). */
  readonly predictedPeople: number;
  /** Truth identifiers evaluated (normalized, deduplicated). */
  readonly identifiers: number;
  /** Truth identifiers that are in no person of the graph (never seen, rejected, or shared): scored as singletons. */
  readonly unassigned: number;
  /** Truth keys that could not be parsed as `type:value` or normalized; left out. */
  readonly invalidKeys: number;
  /** Raw truth keys that normalize to one identifier but name different people; the first is kept. */
  readonly conflictingKeys: number;
}

const TruthSchema = z.custom<ReadonlyMap<unknown, unknown>>(isReadonlyMap, { message: 'expected a Map (or another ReadonlyMap)' });

/**
 * Pairwise precision, recall and F1 of a graph against a ground-truth map identifier → person
 * (the standard pairwise measures of entity resolution; Christen, *Data Matching*, 2012, §7.3):
 * over the identifiers of `truth`, a pair is "predicted" when both are in one person of the graph
 * and "true" when the truth names the same person. Truth keys are `type + ':' + value` and may be
 * RAW: each is normalized with the graph's options, so the simulator's raw variants of one
 * identifier collapse into it. Counting uses a contingency table, O(T) for T truth keys.
 *
 * @param graph - from {@link resolveIdentities}.
 * @param truth - `Map` from `type:value` to the true person (any string or number label).
 * @returns a {@link ResolutionEvaluation}.
 * @throws AudienceKitError `INVALID_INPUT` when `truth` is not a Map (or another ReadonlyMap); `EMPTY_INPUT` when no key is usable.
 * @example
 * evaluateResolution(graph, new Map([['account:u1', 0], ['phone:13800138000', 0], ['openid:oX1', 1]]));
 * // => { precision: 0.333…, recall: 1, f1: 0.5, predictedPairs: 3, truePairs: 1, correctPairs: 1, … }
 */
export function evaluateResolution(graph: IdentityGraph, truth: ReadonlyMap<string, string | number>): ResolutionEvaluation {
  parseWith(TruthSchema, truth, 'evaluateResolution truth');
  const truthOf = new Map<number, string | number>(); // identifier id → true person
  const missingTruth = new Map<string, string | number>(); // unknown identifiers, by normalized-or-raw key
  let invalidKeys = 0, conflictingKeys = 0;
  for (const [key, person] of truth) {
    const c = typeof key === 'string' ? key.indexOf(':') : -1;
    if (c <= 0) { invalidKeys++; continue; }
    const id = findIdentifier(graph, { type: key.slice(0, c), value: key.slice(c + 1) });
    if (id < 0) { if (!missingTruth.has(key)) missingTruth.set(key, person); continue; }
    const prior = truthOf.get(id);
    if (prior === undefined) truthOf.set(id, person);
    else if (prior !== person) conflictingKeys++;
  }
  const n = truthOf.size + missingTruth.size;
  if (n === 0) throw new AudienceKitError('EMPTY_INPUT', 'evaluateResolution: no truth key names an identifier');
  const pair = (k: number) => (k * (k - 1)) / 2;
  const trueSize = new Map<string | number, number>();
  const predSize = new Map<number, number>();
  const cell = new Map<string, number>();
  let unassigned = 0, predictedSingles = 0;
  for (const [id, person] of truthOf) {
    trueSize.set(person, (trueSize.get(person) ?? 0) + 1);
    const p = graph.identifierPerson[id]!;
    if (p < 0) { unassigned++; predictedSingles++; continue; }
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    const key = `${p}|${typeof person}:${String(person)}`;
    cell.set(key, (cell.get(key) ?? 0) + 1);
  }
  for (const person of missingTruth.values()) { trueSize.set(person, (trueSize.get(person) ?? 0) + 1); unassigned++; predictedSingles++; }
  let truePairs = 0, predictedPairs = 0, correctPairs = 0;
  for (const k of trueSize.values()) truePairs += pair(k);
  for (const k of predSize.values()) predictedPairs += pair(k);
  for (const k of cell.values()) correctPairs += pair(k);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision, recall, f1, truePairs, predictedPairs, correctPairs,
    truePeople: trueSize.size, predictedPeople: predSize.size + predictedSingles,
    identifiers: n, unassigned, invalidKeys, conflictingKeys,
  };
}
