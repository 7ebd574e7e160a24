import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/messaging, read from its package.json (from the sources and the build alike). */
export const MESSAGING_VERSION: string = pkg.version;
