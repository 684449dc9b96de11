/**
 * The purchase-process models (BG/NBD, Pareto/NBD) behind one set of prediction functions:
 * validates a model once and returns its closed-form kernels.
 * @module
 */
import { z } from 'zod';
import { parseWith } from '../../../core/index.js';
import { BgNbdModelSchema } from '../fitBgNbd.js';
import { ParetoNbdModelSchema } from '../fitParetoNbd.js';
import { ModifiedBgNbdModelSchema } from '../fitModifiedBgNbd.js';
import { bgNbdAliveExpected, bgNbdExpected, bgNbdProbabilityAlive, modifiedBgNbdAliveExpected, modifiedBgNbdProbabilityAlive } from './bgNbdMath.js';
import { paretoAliveExpected, paretoExpected, paretoProbabilityAlive } from './paretoNbdMath.js';

export const PurchaseModelSchema = z.discriminatedUnion('kind', [BgNbdModelSchema, ParetoNbdModelSchema, ModifiedBgNbdModelSchema]);
export type PurchaseModel = z.infer<typeof PurchaseModelSchema>;

export interface PurchaseKernels {
  probabilityAlive(x: number, tx: number, T: number): number;
  /** E[purchases in (T, T+t]] of one customer; `pAlive` = its probabilityAlive (computed once by callers). */
  conditional(x: number, tx: number, T: number, t: number, pAlive: number): number;
  expected(t: number): number;
}

export function purchaseKernels(model: unknown, where: string): PurchaseKernels {
  const m = parseWith(PurchaseModelSchema, model, where, 'INVALID_MODEL');
  if (m.kind === 'bg-nbd') {
    const p = m.params;
    return {
      probabilityAlive: (x, tx, T) => bgNbdProbabilityAlive(p, x, tx, T),
      conditional: (x, _tx, T, t, pAlive) => (pAlive === 0 ? 0 : bgNbdAliveExpected(p, x, T, t) * pAlive),
      expected: (t) => bgNbdExpected(p, t),
    };
  }
  if (m.kind === 'modified-bg-nbd') {
    const p = m.params;
    return {
      probabilityAlive: (x, tx, T) => modifiedBgNbdProbabilityAlive(p, x, tx, T),
      conditional: (x, _tx, T, t, pAlive) => (pAlive === 0 ? 0 : modifiedBgNbdAliveExpected(p, x, T, t) * pAlive),
      // A new customer: x = t_x = T = 0, alive with probability b/(a+b).
      expected: (t) => modifiedBgNbdAliveExpected(p, 0, 0, t) * modifiedBgNbdProbabilityAlive(p, 0, 0, 0),
    };
  }
  const p = m.params;
  return {
    probabilityAlive: (x, tx, T) => paretoProbabilityAlive(p, x, tx, T),
    conditional: (x, _tx, T, t, pAlive) => (pAlive === 0 ? 0 : paretoAliveExpected(p, x, T, t) * pAlive),
    expected: (t) => paretoExpected(p, t),
  };
}
