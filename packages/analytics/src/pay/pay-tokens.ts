import type { InjectionToken } from '@rapport/core/plugin';
import type { PayPlanService } from './pay-plan-service.js';
import type { PayRunService } from './pay-run-service.js';
import type { PaySplitService } from './pay-split-service.js';

/** Token of the {@link PayPlanService} (`crm.services.payPlans`). */
export const PAY_PLAN_SERVICE: InjectionToken<PayPlanService> = Symbol('rapport.analytics.payPlans');

/** Token of the {@link PaySplitService} (`crm.services.paySplits`). */
export const PAY_SPLIT_SERVICE: InjectionToken<PaySplitService> = Symbol('rapport.analytics.paySplits');

/** Token of the {@link PayRunService} (`crm.services.payRuns`). */
export const PAY_RUN_SERVICE: InjectionToken<PayRunService> = Symbol('rapport.analytics.payRuns');
