import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/messaging-email. */
export const EMAIL_VERSION: string = pkg.version;
