import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/analytics, read from its package.json (from the sources and the build alike). */
export const ANALYTICS_VERSION: string = pkg.version;
