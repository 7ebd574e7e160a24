import { describePluginConformance } from '@rapport/testing/conformance';
import { messagingPlugin } from '../src/index.js';
import { notePlugin, type Outbox } from './fixture.js';

// Messaging's messages (its declared participation), sent through a channel declared by a test plugin.
const outbox: Outbox = { sent: [], closed: 0 };
const registered = new WeakSet<object>();

describePluginConformance({
  plugin: messagingPlugin,
  plugins: [messagingPlugin, notePlugin(outbox)],
  async seed({ crm, org, partyId }) {
    await crm.services.contactPoints.add(org.system, partyId, {
      kind: 'email',
      value: `c${partyId.slice(-8)}@conformance.test`,
    });
    if (!registered.has(crm)) {
      registered.add(crm);
      crm.services.templates.register({ kind: 'note', name: 'conformance', parts: { subject: 'Hi' } });
    }
    await crm.services.messaging.send(org.system, { channel: 'note', partyId, template: 'conformance' });
  },
});
