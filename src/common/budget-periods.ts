/**
 * The periods a compute budget covers. The usage module enforces them; the shared problem schema
 * names them too (a 429's `budget`), hence here rather than in usage/.
 */
export type BudgetPeriod = 'daily' | 'monthly';
export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['daily', 'monthly'];
