import type { DemoStep } from '../demo.js';
import { agentLeaves } from './agent-leaves.js';
import { analytics } from './analytics.js';
import { assembleCrm } from './assemble-crm.js';
import { buildOrganisation } from './build-organisation.js';
import { checkAccess } from './check-access.js';
import { contractsStep } from './contracts.js';
import { createTenants } from './create-tenants.js';
import { documentsStep } from './documents.js';
import { enterParties } from './enter-parties.js';
import { importCsv } from './import-csv.js';
import { loadDemoData } from './load-demo-data.js';
import { mergeDuplicates } from './merge-duplicates.js';
import { migrate } from './migrate.js';
import { pay } from './pay.js';
import { pipelineDeals } from './pipeline-deals.js';
import { pricing } from './pricing.js';
import { privacy } from './privacy.js';
import { quotesStep } from './quotes.js';
import { recordJournal } from './record-journal.js';
import { refuseDuplicates } from './refuse-duplicates.js';
import { runJob } from './run-job.js';
import { buildSegment } from './segment.js';
import { sendEmail } from './send-email.js';
import { sendSms } from './send-sms.js';
import { showIsolation } from './show-isolation.js';
import { startDatabase } from './start-database.js';
import { startMailServerStep } from './start-mail-server.js';

/** The demo's steps, in the order they run; later features add theirs here. */
export const steps: readonly DemoStep[] = [
  startDatabase,
  startMailServerStep,
  assembleCrm,
  migrate,
  createTenants,
  buildOrganisation,
  enterParties,
  refuseDuplicates,
  mergeDuplicates,
  importCsv,
  buildSegment,
  checkAccess,
  recordJournal,
  pipelineDeals,
  documentsStep,
  contractsStep,
  pricing,
  analytics,
  agentLeaves,
  privacy,
  loadDemoData,
  runJob,
  sendEmail,
  quotesStep,
  sendSms,
  showIsolation,
  // After the analytics step.
  pay,
];
