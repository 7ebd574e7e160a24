/** Where Rapport writes what it does; pass your own (pino, console…) in the CRM options. */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** A logger that writes warnings and errors to the console and drops the rest. */
export const consoleLogger: Logger = {
  debug() {},
  info() {},
  warn: (message, data) => console.warn(`[rapport] ${message}`, data ?? ''),
  error: (message, data) => console.error(`[rapport] ${message}`, data ?? ''),
};
