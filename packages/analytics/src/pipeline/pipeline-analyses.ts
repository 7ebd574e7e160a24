import {
  type CallContext,
  CONTAINER,
  type InjectionToken,
  inject,
  injectable,
  PluginError,
} from '@rapport/core/plugin';
import type {
  Forecast,
  ForecastQuery,
  Funnel,
  FunnelQuery,
  StalledAnalysis,
  StalledAnalysisQuery,
} from '@rapport/pipeline';

type Container = {
  resolve<T>(token: InjectionToken<T>): T;
  isRegistered(token: InjectionToken<unknown>): boolean;
};

/**
 * The pipeline's analyses (funnel, forecasts, stalled negotiations) reached through this package,
 * so that reports and exports cover them too: each call is delegated to the pipeline plugin's own
 * service (`crm.services.funnel`…), the SQL is not duplicated. Without the pipeline plugin, a
 * `PLUGIN_MISCONFIGURED` error says to install it. `crm.services.pipelineAnalyses`.
 */
@injectable()
export class PipelineAnalyses {
  constructor(@inject(CONTAINER) private readonly container: Container) {}

  /** The funnel of a pipeline (`crm.services.funnel.compute`). */
  async funnel(ctx: CallContext, query: FunnelQuery): Promise<Funnel> {
    const pipeline = await this.pipeline();
    return this.container.resolve(pipeline.FUNNEL_SERVICE).compute(ctx, query);
  }

  /** Stalled negotiations (`crm.services.stalledDeals.analyse`). */
  async stalled(ctx: CallContext, query: StalledAnalysisQuery = {}): Promise<StalledAnalysis> {
    const pipeline = await this.pipeline();
    return this.container.resolve(pipeline.STALLED_DEALS_SERVICE).analyse(ctx, query);
  }

  /** Forecasts (`crm.services.forecasts.compute`). */
  async forecast(ctx: CallContext, query: ForecastQuery): Promise<Forecast> {
    const pipeline = await this.pipeline();
    return this.container.resolve(pipeline.FORECAST_SERVICE).compute(ctx, query);
  }

  private async pipeline(): Promise<typeof import('@rapport/pipeline')> {
    const missing = () =>
      new PluginError('The pipeline analyses need @rapport/pipeline: add pipelinePlugin to createCrm', {
        plugins: ['@rapport/analytics', '@rapport/pipeline'],
      });
    let pipeline: typeof import('@rapport/pipeline');
    try {
      pipeline = await import('@rapport/pipeline');
    } catch {
      throw missing();
    }
    if (!this.container.isRegistered(pipeline.FUNNEL_SERVICE)) throw missing();
    return pipeline;
  }
}
