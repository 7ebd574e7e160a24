import { messagingPlugin } from '@rapport/messaging';
import { describePluginConformance } from '@rapport/testing/conformance';
import { afterAll } from 'vitest';
import { smsPlugin } from '../src/index.js';
import { TwilioTestServer } from '../src/testing/index.js';
import { TWILIO } from './fixture.js';

// Core's messages (the messaging module's declared participation), sent through the SMS channel.
const server = await new TwilioTestServer(TWILIO).start();
afterAll(() => server.close());
const registered = new WeakSet<object>();
let next = 0;

describePluginConformance({
  plugin: messagingPlugin,
  plugins: [
    messagingPlugin,
    smsPlugin.configure({
      provider: { provider: 'twilio', ...TWILIO, baseUrl: server.url, timeoutMs: 5_000 },
      senders: { default: '+15005550006' },
    }),
  ],
  async seed({ crm, org, partyId }) {
    next += 1;
    await crm.services.contactPoints.add(org.system, partyId, {
      kind: 'phone',
      value: `+4479111${String(20000 + next).padStart(5, '0')}`,
    });
    await crm.services.contactPoints.setConsent(org.system, partyId, { channel: 'sms', status: 'opted_in' });
    if (!registered.has(crm)) {
      registered.add(crm);
      crm.services.templates.register({ kind: 'sms', name: 'conformance', parts: { text: 'Hi' } });
    }
    await crm.services.messaging.send(org.system, { channel: 'sms', partyId, template: 'conformance' });
  },
});
