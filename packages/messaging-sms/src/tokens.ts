import type { InjectionToken } from '@rapport/core/plugin';
import type { SmsService } from './service/sms-service.js';

/** Token of the SMS service (`crm.services.sms`). */
export const SMS_SERVICE: InjectionToken<SmsService> = Symbol('rapport.messaging-sms.service');
