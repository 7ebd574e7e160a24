import pkg from '../package.json' with { type: 'json' };

/** The version of @rapport/messaging-sms. */
export const SMS_VERSION: string = pkg.version;
