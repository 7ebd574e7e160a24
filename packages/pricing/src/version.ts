import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/pricing, read from its package.json (from the sources and the build alike). */
export const PRICING_VERSION: string = pkg.version;
