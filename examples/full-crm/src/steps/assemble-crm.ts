import { createCrm } from '@rapport/core';
import type { DemoStep } from '../demo.js';
import { demoPlugins } from '../plugins.js';

/** Builds the CRM from core and the plugins: options validated, plugins ordered, ORM and queue started. */
export const assembleCrm: DemoStep = {
  title: 'Assemble the CRM',
  async run(demo) {
    if (!demo.databaseUrl) throw new Error('No database yet: run the start-database step first');
    if (!demo.mail || !demo.sms)
      throw new Error('No mail or SMS server yet: run the start-mail-server step first');
    // Workers poll every half second so the demo does not wait long for its jobs; the company is
    // German, so phone numbers written without a country code are read as German ones.
    const crm = await createCrm({
      database: { url: demo.databaseUrl },
      plugins: demoPlugins(demo.mail, demo.sms),
      parties: { defaultRegion: 'DE' },
      jobs: { pollingIntervalSeconds: 0.5 },
    });
    demo.crm = crm;
    demo.cleanups.push(() => crm.close());
    for (const plugin of crm.plugins) demo.say(`plugin ${plugin.name}@${plugin.version}`);
    demo.say(`row-level security ${crm.rowLevelSecurity ? 'applies' : 'is BYPASSED (superuser role)'}`);
  },
};
