export { type ComputedLine, type ComputedStatement, computeStatement, type PlanTerms } from './commission.js';
export { payEntities } from './entities/index.js';
export {
  type CommissionRule,
  CommissionRuleSchema,
  type PayPlanInput,
  PayPlanInputSchema,
  TierSchema,
} from './pay-plan-input.js';
export { type PayPlan, PayPlanService } from './pay-plan-service.js';
export { type PayRun, PayRunService } from './pay-run-service.js';
export { type PaySplitInput, PaySplitInputSchema, PaySplitService } from './pay-split-service.js';
export type { PayLine, PayStatement } from './pay-statement-reader.js';
export { PAY_PLAN_SERVICE, PAY_RUN_SERVICE, PAY_SPLIT_SERVICE } from './pay-tokens.js';
