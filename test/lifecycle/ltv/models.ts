/** Models with FIXED published parameters, so prediction tests do not depend on our fits. */
import type { BgNbdModel, GammaGammaModel, ParetoNbdModel } from '../../../src/lifecycle/ltv/index.js';

const fit = { logLikelihood: -1, iterations: 0, converged: true, gradientNorm: 0, optimizer: 'fixed', customers: 1, distinctRows: 1, penalizer: 0 };

/** lifetimes 0.11.3 full-precision BG/NBD MLE on CDNOW (shared/data/cdnow/README). */
export const bgCdnow: BgNbdModel = { kind: 'bg-nbd', version: 1, params: { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 }, standardErrors: null, fit };
/** lifetimes 0.11.3 Pareto/NBD MLE on CDNOW (same README). */
export const paretoCdnow: ParetoNbdModel = { kind: 'pareto-nbd', version: 1, params: { r: 0.553293, alpha: 10.577884, s: 0.606185, beta: 11.666928 }, standardErrors: null, fit };
/** FHL 2005 JMR published Gamma-Gamma parameters. */
export const ggCdnow: GammaGammaModel = { kind: 'gamma-gamma', version: 1, params: { p: 6.25, q: 3.74, gamma: 15.44 }, standardErrors: null, fit: { ...fit, excludedNoRepeat: 0, frequencyMonetaryCorrelation: null } };

export const bgWith = (params: BgNbdModel['params']): BgNbdModel => ({ ...bgCdnow, params });
export const paretoWith = (params: ParetoNbdModel['params']): ParetoNbdModel => ({ ...paretoCdnow, params });
