import { type DemoStep, requireCrm } from '../demo.js';

/** Creates two tenants; the visit-notes plugin's `tenantCreated` tap seeds each one's topics. */
export const createTenants: DemoStep = {
  title: 'Create tenants',
  async run(demo) {
    const crm = requireCrm(demo);
    for (const name of ['Acme Wholesale', 'Globex Retail']) {
      const tenant = await crm.services.tenants.create({ name });
      const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'demo' } });
      demo.tenants.push({ tenant, ctx });
      const topics = await crm.services.visitNotes.topics(ctx);
      demo.say(`${tenant.name} (${tenant.id}) starts with topics: ${topics.join(', ')}`);
    }
  },
};
