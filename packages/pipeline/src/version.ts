import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/pipeline, read from its package.json (from the sources and the build alike). */
export const PIPELINE_VERSION: string = pkg.version;
