import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/core, which plugins' dependency ranges are checked against. */
export const CORE_VERSION: string = pkg.version;
