import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/contracts, read from its package.json (from the sources and the build alike). */
export const CONTRACTS_VERSION: string = pkg.version;
