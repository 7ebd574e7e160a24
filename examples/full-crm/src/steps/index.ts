import type { DemoStep } from '../demo.js';
import { assembleCrm } from './assemble-crm.js';
import { createTenants } from './create-tenants.js';
import { loadDemoData } from './load-demo-data.js';
import { migrate } from './migrate.js';
import { runJob } from './run-job.js';
import { showIsolation } from './show-isolation.js';
import { startDatabase } from './start-database.js';

/** The demo's steps, in the order they run; later features add theirs here. */
export const steps: readonly DemoStep[] = [
  startDatabase,
  assembleCrm,
  migrate,
  createTenants,
  loadDemoData,
  runJob,
  showIsolation,
];
