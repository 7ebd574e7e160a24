/**
 * Vitest `setupFiles` entry: loads `reflect-metadata` before any test module, because tsyringe
 * (used by `@rapport/core` and by plugins' services) needs it loaded before its first decorator runs.
 */
import 'reflect-metadata';
