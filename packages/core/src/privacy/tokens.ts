import type { InjectionToken } from 'tsyringe';
import type { PrivacyService } from './privacy-service.js';

/** Token of the {@link PrivacyService}. */
export const PRIVACY_SERVICE: InjectionToken<PrivacyService> = Symbol('rapport.core.privacy');
