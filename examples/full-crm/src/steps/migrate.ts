import { type DemoStep, requireCrm } from '../demo.js';

/** Applies core's migrations, then each plugin's, in dependency order. */
export const migrate: DemoStep = {
  title: 'Migrate',
  async run(demo) {
    const applied = await requireCrm(demo).migrate();
    for (const migration of applied) demo.say(`${migration.plugin} ${migration.name}`);
  },
};
