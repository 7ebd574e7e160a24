import { messagingPlugin } from '@rapport/messaging';
import { describePluginConformance } from '@rapport/testing/conformance';
import { afterAll } from 'vitest';
import { emailPlugin } from '../src/index.js';
import { startSmtpServer } from '../src/testing/index.js';
import { emailOptions } from './fixture.js';

// Messaging's messages (its declared participation), sent through the email channel.
const server = await startSmtpServer();
afterAll(() => server.close());
const registered = new WeakSet<object>();

describePluginConformance({
  plugin: messagingPlugin,
  plugins: [messagingPlugin, emailPlugin.configure(emailOptions(server))],
  async seed({ crm, org, partyId }) {
    await crm.services.contactPoints.add(org.system, partyId, {
      kind: 'email',
      value: `c${partyId.slice(-8)}@conformance.test`,
    });
    await crm.services.contactPoints.setConsent(org.system, partyId, {
      channel: 'email',
      status: 'opted_in',
    });
    if (!registered.has(crm)) {
      registered.add(crm);
      crm.services.templates.register({
        kind: 'email',
        name: 'conformance',
        parts: { subject: 'Hi', text: 'Hi' },
      });
    }
    await crm.services.messaging.send(org.system, { channel: 'email', partyId, template: 'conformance' });
    await crm.services.journal.record(org.system, {
      type: 'call_outgoing',
      parties: [{ partyId }],
      notes: 'conformance call',
    });
  },
});
