import { type Actor, definePlugin, type JournalEntry, type TxContext } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Deal,
  DealService,
  DealStageChangedEvent,
  DealsStalledEvent,
  PipelineService,
  pipelinePlugin,
  Stage,
} from '../src/index.js';
import type { PipelineCrm } from './fixture.js';

describe("the pipeline's typed hooks", () => {
  it('types taps of its hooks for every plugin', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      setup(api) {
        api.tap('dealStageChanged', async (event, tx) => {
          expectTypeOf(event).toEqualTypeOf<DealStageChangedEvent>();
          expectTypeOf(event.deal).toEqualTypeOf<Deal>();
          expectTypeOf(event.to).toEqualTypeOf<Stage>();
          expectTypeOf(event.outcome).toEqualTypeOf<'open' | 'won' | 'lost'>();
          expectTypeOf(event.actor).toEqualTypeOf<Actor>();
          expectTypeOf(event.entry).toEqualTypeOf<JournalEntry>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
        });
        api.tap('beforeDealStageChange', async (request) => ({ ...request, reason: 'why' }));
        api.tap('dealsStalled', async (event) => {
          expectTypeOf(event).toEqualTypeOf<DealsStalledEvent>();
        });
        // @ts-expect-error a waterfall tap must return the request
        api.tap('beforeDealStageChange', async () => 'moved');
        // @ts-expect-error a deal has no `price` (it has `amount`)
        api.tap('dealCreated', async (event) => void event.deal.price);
        // @ts-expect-error the reason is a string or null
        api.tap('beforeDealStageChange', async (request) => ({ ...request, reason: 42 }));
      },
    });
  });

  it('types crm.services and the activity data of its types', () => {
    expectTypeOf<PipelineCrm['services']['deals']>().toEqualTypeOf<DealService>();
    expectTypeOf<PipelineCrm['services']['pipelines']>().toEqualTypeOf<PipelineService>();
    expectTypeOf<typeof pipelinePlugin.name>().toEqualTypeOf<'@rapport/pipeline'>();
    definePlugin({
      name: 'typed-entries',
      version: '1.0.0',
      setup(api) {
        api.tap('activityRecorded', async (_entry, tx) => {
          await tx.enqueue('pipeline.mark-stalled', {});
          // @ts-expect-error the job takes no payload fields
          await tx.enqueue('pipeline.mark-stalled', { dealId: 'x' });
        });
      },
    });
  });
});
