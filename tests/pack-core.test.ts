import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@rapport/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childEnv, pnpmCommand, repoRoot, run } from './support/run.js';

const packages = [
  'core',
  'pipeline',
  'messaging',
  'messaging-sms',
  'documents',
  'contracts',
  'pricing',
  'analytics',
] as const;
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
let workDir = '';
const databases: TestDatabase[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'rapport-pack-'));
});
afterAll(async () => {
  for (const database of databases) await database.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Whether a package's dist/ is missing or older than some source file. */
async function distIsStale(dir: string): Promise<boolean> {
  const built = join(dir, 'dist/index.js');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = await readdir(join(dir, 'src'), { recursive: true });
  return sources.some((file) => statSync(join(dir, 'src', file)).mtimeMs > builtAt);
}

async function step(command: string, args: readonly string[], cwd: string, env = {}): Promise<string> {
  const result = await run(command, args, { cwd, env: childEnv({ NO_COLOR: '1', ...env }) });
  expect(result.code, `${command} ${args.join(' ')} failed:\n${result.output}`).toBe(0);
  return result.stdout;
}

/** Builds (when stale) and packs the packages; returns the tarballs' paths. */
async function packAll(): Promise<string[]> {
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  const packDir = join(workDir, 'pack');
  for (const name of packages) {
    const dir = join(repoRoot, 'packages', name);
    if (await distIsStale(dir)) await step(pnpm, [...pnpmArgs, 'run', 'build'], dir);
    await step(pnpm, [...pnpmArgs, 'pack', '--pack-destination', packDir], dir);
  }
  const tarballs = (await readdir(packDir)).filter((file) => file.endsWith('.tgz'));
  expect(tarballs).toHaveLength(packages.length);
  return tarballs.map((file) => join(packDir, file));
}

// A plugin written against `@rapport/core/plugin` that depends on the pipeline by value: its taps of
// the pipeline's and core's hooks must type-check from the packed declarations alone.
const greeter = `
import { type CallContext, DATABASE, type Database, definePlugin, inject, injectable, RapportError } from '@rapport/core/plugin';
import { pipelinePlugin } from '@rapport/pipeline';

export const seen: string[] = [];

@injectable()
export class GreetingService {
  constructor(@inject(DATABASE) private readonly db: Database) {}
  async hello(ctx: CallContext): Promise<string> {
    return this.db.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<{ name: string }>('select name from core_tenant where id = $1', [tx.tenantId]);
      if (!row) throw new RapportError('NOT_FOUND', 'no tenant');
      return 'hello ' + row.name;
    });
  }
}

export const greeter = definePlugin({
  name: 'greeter',
  version: '1.0.0',
  dependencies: [pipelinePlugin],
  services: { greetings: { token: Symbol('greetings'), useClass: GreetingService } },
  setup(api) {
    api.tap('dealStageChanged', async (event) => {
      const title: string = event.deal.title;
      seen.push(title);
    });
    api.tap('tenantCreated', async (tenant) => {
      const name: string = tenant.name;
      seen.push(name);
    });
    // Type-checked, never run.
    if (api.name === 'never') {
      // @ts-expect-error the pipeline offers no such hook
      api.tap('dealExploded', async () => undefined);
    }
  },
});
`;

// An application written against `@rapport/core` alone (plus the plugins it installs).
const app = `
import * as core from '@rapport/core';
import { createCrm, RapportError } from '@rapport/core';
import { messagingPlugin } from '@rapport/messaging';
import { smsPlugin } from '@rapport/messaging-sms';
import { pipelinePlugin } from '@rapport/pipeline';
import { greeter, seen } from './greeter.js';

declare const process: { env: Record<string, string | undefined> };

// @ts-expect-error write internals are not part of the application surface
void core.insertParties;
// @ts-expect-error the plugin API lives in @rapport/core/plugin
void core.definePlugin;

const crm = await createCrm({
  database: { url: process.env.APP_DATABASE_URL! },
  plugins: [
    pipelinePlugin,
    greeter,
    messagingPlugin,
    smsPlugin.configure({
      provider: { provider: 'twilio', accountSid: 'AC1', authToken: 'secret', baseUrl: 'http://127.0.0.1:9' },
      senders: { default: 'Acme' },
    }),
  ],
});
try {
  await crm.migrate();
  const tenant = await crm.services.tenants.create({ name: 'Acme' });
  const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'pack-test' } });
  const greeting: string = await crm.services.greetings.hello(ctx);
  // The SMS channel declared through messaging's \`channels\` contribution, templates of kind \`sms\`.
  crm.services.templates.register({ kind: 'sms', name: 'hi', parts: { text: 'Привет, {{who}}!' } });
  const preview = await crm.services.sms.preview(ctx, { template: 'hi', data: { who: 'Ada' } });
  const channels: string[] = crm.services.channels.list().map((c) => c.channel.name);
  const error = await crm.services.parties.get(ctx, '0190a000-0000-7000-8000-000000000000').catch((e: unknown) => e);
  console.log(JSON.stringify({
    greeting,
    seen,
    services: ['parties', 'journal', 'deals', 'greetings', 'messaging', 'sms'].filter((key) => key in crm.services),
    channels,
    sms: [preview.encoding, preview.segments],
    notFound: error instanceof RapportError ? error.code : String(error),
    internals: ['insertParties', 'claimIdentities', 'writeEntries', 'compileFilter', 'buildHooks'].filter((name) => name in core),
  }));
} finally {
  await crm.close();
}
`;

// The business packages in one application: documents numbers, contracts, pricing (whose types name
// the optional peers it calls through the registry) and analytics, from their tarballs.
const shop = `
import { analyticsPlugin } from '@rapport/analytics';
import { contractsPlugin } from '@rapport/contracts';
import { createCrm } from '@rapport/core';
import { documentsPlugin } from '@rapport/documents';
import { pricingPlugin } from '@rapport/pricing';

declare const process: { env: Record<string, string | undefined> };

const crm = await createCrm({
  database: { url: process.env.APP_DATABASE_URL! },
  plugins: [documentsPlugin, contractsPlugin, pricingPlugin, analyticsPlugin],
});
try {
  await crm.migrate();
  const tenant = await crm.services.tenants.create({ name: 'Shop' });
  const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'pack-test' } });
  await crm.services.catalogue.createProduct(ctx, { sku: 'PH-1', name: 'Phone' });
  const list = await crm.services.priceLists.create(ctx, { name: 'Retail', currency: 'EUR', isDefault: true });
  await crm.services.priceLists.setPrices(ctx, list.id, { validFrom: '2020-01-01', prices: [{ sku: 'PH-1', unitPrice: '19.99' }] });
  const resolved = await crm.services.prices.resolve(ctx, { currency: 'EUR', items: [{ sku: 'PH-1', quantity: '3' }] });
  const { number } = await crm.services.documents.allocateNumber(ctx, { type: 'contract' });
  const contracts = await crm.services.contracts.list(ctx, {});
  const quotes = await crm.services.quotes.list(ctx, {});
  const net: string = resolved.totals.net;
  console.log(JSON.stringify({
    net,
    contractNumber: /^CT-\\d{4}-00001$/.test(number),
    lists: [contracts.items.length, quotes.items.length, quotes.nextCursor],
    services: ['documents', 'contracts', 'catalogue', 'prices', 'quotes', 'suggestions', 'analytics', 'payRuns'].filter((key) => key in crm.services),
  }));
} finally {
  await crm.close();
}
`;

// Proves the exports maps, `files` and dependencies work outside the workspace, on plain Node.
it('type-checks and runs applications (pipeline, messaging, SMS; documents, contracts, pricing, analytics) and a pipeline-dependent plugin against the packed entry points', async () => {
  const tarballs = await packAll();
  const project = join(workDir, 'app');
  await mkdir(join(project, 'src'), { recursive: true });
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'app', private: true, type: 'module' }),
  );
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2023',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        experimentalDecorators: true,
        skipLibCheck: true,
        rootDir: 'src',
        outDir: 'dist',
        types: [],
      },
      include: ['src'],
    }),
  );
  await writeFile(join(project, 'src/greeter.ts'), greeter);
  await writeFile(join(project, 'src/app.ts'), app);
  await writeFile(join(project, 'src/shop.ts'), shop);
  await step('npm', ['install', ...tarballs, '--no-audit', '--no-fund', '--loglevel=error'], project);
  await step(process.execPath, [tsc, '-p', 'tsconfig.json'], project);

  const database = await createTestDatabase();
  databases.push(database);
  const output = await step(process.execPath, ['dist/app.js'], project, { APP_DATABASE_URL: database.url });
  expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({
    greeting: 'hello Acme',
    seen: ['Acme'],
    services: ['parties', 'journal', 'deals', 'greetings', 'messaging', 'sms'],
    channels: ['sms'],
    sms: ['UCS-2', 1],
    notFound: 'NOT_FOUND',
    internals: [],
  });

  const shopDatabase = await createTestDatabase();
  databases.push(shopDatabase);
  const sold = await step(process.execPath, ['dist/shop.js'], project, {
    APP_DATABASE_URL: shopDatabase.url,
  });
  expect(JSON.parse(sold.trim().split('\n').at(-1)!)).toEqual({
    net: '59.97',
    contractNumber: true,
    lists: [0, 0, null],
    services: [
      'documents',
      'contracts',
      'catalogue',
      'prices',
      'quotes',
      'suggestions',
      'analytics',
      'payRuns',
    ],
  });
}, 900_000);
