/**
 * Lifetime value: buy-till-you-die purchase models (BG/NBD, Pareto/NBD), the Gamma-Gamma spend
 * model, churn probability, expected purchases and customer lifetime value, with the definitions
 * of the Python `lifetimes` and R `BTYD` packages.
 * @module
 */
export { summarizeTransactions, transactionSummary, SummarizeOptionsSchema } from './summarizeTransactions.js';
export type { SummarizeOptions, CustomerSummary, TransactionSummaryResult, TransactionSummaryState } from './summarizeTransactions.js';
export { CustomerSchema, SpendCustomerSchema, FitOptionsSchema } from './schemas.js';
export type { Customer, SpendCustomer, FitOptions } from './schemas.js';
export { fitBgNbd, loadBgNbdModel, BgNbdModelSchema } from './fitBgNbd.js';
export type { BgNbdModel } from './fitBgNbd.js';
export { fitParetoNbd, loadParetoNbdModel, ParetoNbdModelSchema } from './fitParetoNbd.js';
export type { ParetoNbdModel } from './fitParetoNbd.js';
export { fitModifiedBgNbd, loadModifiedBgNbdModel, ModifiedBgNbdModelSchema } from './fitModifiedBgNbd.js';
export type { ModifiedBgNbdModel } from './fitModifiedBgNbd.js';
export { fitGammaGamma, loadGammaGammaModel, GammaGammaModelSchema } from './fitGammaGamma.js';
export type { GammaGammaModel } from './fitGammaGamma.js';
export { PurchaseModelSchema } from './internal/purchaseModel.js';
export type { PurchaseModel } from './internal/purchaseModel.js';
export { probabilityAlive, probabilityAliveMany } from './probabilityAlive.js';
export type { CustomerColumns } from './probabilityAlive.js';
export { expectedPurchases, HorizonSchema } from './expectedPurchases.js';
export { conditionalExpectedPurchases, conditionalExpectedPurchasesMany } from './conditionalExpectedPurchases.js';
export { expectedSpend, expectedSpendMany } from './expectedSpend.js';
export { customerLifetimeValue, customerLifetimeValueMany, ClvOptionsSchema } from './customerLifetimeValue.js';
export type { ClvOptions, SpendCustomerColumns } from './customerLifetimeValue.js';
