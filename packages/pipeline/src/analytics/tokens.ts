import type { InjectionToken } from '@rapport/core/plugin';
import type { ForecastService } from './forecast-service.js';
import type { FunnelService } from './funnel-service.js';
import type { SalesPlanService } from './plan-service.js';
import type { StalledDealsAnalysis } from './stalled-service.js';

/** Token of the {@link FunnelService} (`crm.services.funnel`). */
export const FUNNEL_SERVICE: InjectionToken<FunnelService> = Symbol('rapport.pipeline.funnel');

/** Token of the {@link ForecastService} (`crm.services.forecasts`). */
export const FORECAST_SERVICE: InjectionToken<ForecastService> = Symbol('rapport.pipeline.forecasts');

/** Token of the {@link SalesPlanService} (`crm.services.salesPlans`). */
export const SALES_PLAN_SERVICE: InjectionToken<SalesPlanService> = Symbol('rapport.pipeline.salesPlans');

/** Token of the {@link StalledDealsAnalysis} (`crm.services.stalledDeals`). */
export const STALLED_DEALS_SERVICE: InjectionToken<StalledDealsAnalysis> = Symbol(
  'rapport.pipeline.stalledDeals',
);
