import type { Crm } from '@rapport/core';
import { definePlugin, type TemplateKindRegistry } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ChannelFactoryApi,
  ChannelRegistry,
  MailingProgress,
  MessagingService,
  messagingPlugin,
} from '../src/index.js';
import { NOTE_OPTIONS, noteChannel, type Outbox } from './fixture.js';

const outbox: Outbox = { sent: [], closed: 0 };

describe('channels declared in definePlugin', () => {
  it('accepts a channel or a factory receiving the declaring plugin’s api', () => {
    definePlugin({
      name: 'typed-channels',
      version: '1.0.0',
      channels: [
        noteChannel(outbox),
        (api) => {
          expectTypeOf(api).toEqualTypeOf<ChannelFactoryApi>();
          expectTypeOf(api.container.resolve(NOTE_OPTIONS).defaultLocale).toEqualTypeOf<string>();
          return noteChannel(outbox);
        },
      ],
    });
  });

  it('refuses a declaration that is not a channel', () => {
    definePlugin({
      name: 'untyped-channels',
      version: '1.0.0',
      // @ts-expect-error a channel needs its contract (contact kind, transport, rates…)
      channels: [{ name: 'pager' }],
    });
  });

  it('types the services messaging adds to the CRM', () => {
    type MessagingCrm = Crm<readonly [typeof messagingPlugin]>;
    expectTypeOf<MessagingCrm['services']['messaging']>().toEqualTypeOf<MessagingService>();
    expectTypeOf<MessagingCrm['services']['channels']>().toEqualTypeOf<ChannelRegistry>();
    expectTypeOf<MessagingCrm['services']['templateKinds']>().toEqualTypeOf<TemplateKindRegistry>();
    expectTypeOf<Awaited<ReturnType<MessagingService['progress']>>>().toEqualTypeOf<MailingProgress>();
  });
});
