import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/pricing, read from its package.json. */
export const PRICING_VERSION: string = pkg.version;
