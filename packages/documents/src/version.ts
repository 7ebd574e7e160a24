import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/documents, read from its package.json (from the sources and the build alike). */
export const DOCUMENTS_VERSION: string = pkg.version;
