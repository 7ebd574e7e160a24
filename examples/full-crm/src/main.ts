// tsyringe needs the Reflect metadata API before any decorator runs.
import 'reflect-metadata';
import type { Demo } from './demo.js';
import { steps } from './steps/index.js';

/** Runs every step in order, then undoes what they set up, success or not; resolves to the exit code. */
async function main(): Promise<number> {
  const demo: Demo = { tenants: [], cleanups: [], say: (line) => console.log(`     ${line}`) };
  console.log('Rapport demo: a CRM assembled from core and plugins\n');
  let failed = false;
  for (const [index, step] of steps.entries()) {
    const started = performance.now();
    console.log(`${String(index + 1).padStart(2)}. ${step.title}`);
    try {
      await step.run(demo);
    } catch (error) {
      console.error(
        `     FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      failed = true;
      break;
    }
    console.log(`     (${Math.round(performance.now() - started)} ms)`);
  }
  while (demo.cleanups.length > 0) {
    try {
      await demo.cleanups.pop()?.();
    } catch (error) {
      console.error('     cleanup failed:', error);
      failed = true;
    }
  }
  console.log(failed ? '\nThe demo failed.' : '\nDone: everything closed.');
  return failed ? 1 : 0;
}

process.exitCode = await main();
