export { measureSms, type SmsEncoding, type SmsLength, splitSms } from './encoding/measure.js';
export { requireSmsLength, SmsTooLongError } from './encoding/too-long.js';
export { SMS_VERSION } from './version.js';
