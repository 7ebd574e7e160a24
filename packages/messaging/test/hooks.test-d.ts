import type { CallContext } from '@rapport/core';
import { type CrmHooks, definePlugin, type ParallelHook } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type MessageEventItem,
  type MessageOutcomeEvent,
  type MessageQueuedEvent,
  type MessagingService,
  messagingHooks,
  messagingPlugin,
} from '../src/index.js';

describe('message hooks', () => {
  it('join CrmHooks as parallel hooks of an event and the call context', () => {
    expectTypeOf<CrmHooks['messageQueued']>().toEqualTypeOf<
      ParallelHook<[MessageQueuedEvent, CallContext]>
    >();
    expectTypeOf<CrmHooks['messageSent']>().toEqualTypeOf<ParallelHook<[MessageOutcomeEvent, CallContext]>>();
    expectTypeOf<CrmHooks['messageFailed']>().toEqualTypeOf<
      ParallelHook<[MessageOutcomeEvent, CallContext]>
    >();
    expectTypeOf<CrmHooks['messageDelivered']>().toEqualTypeOf<
      ParallelHook<[MessageOutcomeEvent, CallContext]>
    >();
    expectTypeOf(messagingHooks.messageSent).returns.toEqualTypeOf<CrmHooks['messageSent']>();
  });

  it('type the payload a plugin tapping them receives', () => {
    definePlugin({
      name: 'typed-message-taps',
      version: '1.0.0',
      dependencies: [messagingPlugin],
      setup(api) {
        api.hooks.messageQueued.tapPromise('typed-message-taps', async (event, ctx) => {
          expectTypeOf(event.count).toEqualTypeOf<number>();
          expectTypeOf(event.mailingId).toEqualTypeOf<string | null>();
          expectTypeOf(ctx.tenantId).toEqualTypeOf<string>();
        });
        api.hooks.messageDelivered.tapPromise('typed-message-taps', async (event, ctx) => {
          expectTypeOf(event.messages).toEqualTypeOf<MessageEventItem[]>();
          expectTypeOf(event.channel).toEqualTypeOf<string>();
          expectTypeOf(ctx).toEqualTypeOf<CallContext>();
          // @ts-expect-error an outcome event names messages, not a count
          event.count;
        });
        api.hooks.messageFailed.tapPromise('typed-message-taps', async (event) => {
          expectTypeOf(event.messages).toEqualTypeOf<MessageEventItem[]>();
          expectTypeOf(event.messages[0]!.reason).toEqualTypeOf<string | null>();
          // @ts-expect-error an outcome event names messages, not a count
          event.count;
        });
      },
    });
  });

  it('type resend and resendUnknown on the messaging service', () => {
    expectTypeOf<MessagingService['resend']>().parameters.toEqualTypeOf<
      [CallContext, string, { reason: string }]
    >();
    expectTypeOf<MessagingService['resendUnknown']>().returns.resolves.toEqualTypeOf<number>();
  });
});
