import type { Crm } from '@rapport/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { SmsOptions, SmsPreview, SmsService, SmsTransport, smsPlugin } from '../src/index.js';

describe("the SMS plugin's types", () => {
  it('types crm.services.sms as the SMS service', () => {
    type SmsCrm = Crm<readonly [typeof smsPlugin]>;
    expectTypeOf<SmsCrm['services']['sms']>().toEqualTypeOf<SmsService>();
    expectTypeOf<Awaited<ReturnType<SmsService['preview']>>>().toEqualTypeOf<SmsPreview>();
  });

  it('narrows the provider options by their provider', () => {
    const provider = {} as SmsOptions['provider'];
    if (provider.provider === 'twilio') expectTypeOf(provider.accountSid).toEqualTypeOf<string>();
    if (provider.provider === 'vonage') expectTypeOf(provider.apiSecret).toEqualTypeOf<string>();
    if (provider.provider === 'custom') expectTypeOf(provider.transport).toEqualTypeOf<SmsTransport>();
  });
});
