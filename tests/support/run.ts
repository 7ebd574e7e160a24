import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** How a child process ended, and everything it printed. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Standard output alone. */
  stdout: string;
  /** Standard output and error, interleaved. */
  output: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the child after this many milliseconds (default 240 s). */
  timeoutMs?: number;
}

/** Runs a command to completion without a shell; never rejects for a non-zero exit. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, output });
    });
  });
}

/**
 * The environment for a child process: ours (so DATABASE_URL passes through), minus what makes a
 * process believe it is a vitest worker or changes how Node resolves modules.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** The command that runs pnpm: the one running us if any, else the version the README names. */
export function pnpmCommand(): [string, ...string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath?.includes('pnpm')) {
    return /\.[cm]?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  return ['npx', '-y', 'pnpm@12.21.0'];
}
