import type { InjectionToken } from 'tsyringe';
import type { ChannelRegistry } from './channel-registry.js';
import type { MessagingService } from './messaging-service.js';
import type { TemplateService } from './template-service.js';

/** Token of the {@link ChannelRegistry}. */
export const CHANNEL_REGISTRY: InjectionToken<ChannelRegistry> = Symbol('rapport.core.channels');
/** Token of the {@link TemplateService}. */
export const TEMPLATE_SERVICE: InjectionToken<TemplateService> = Symbol('rapport.core.templates');
/** Token of the {@link MessagingService}. */
export const MESSAGING_SERVICE: InjectionToken<MessagingService> = Symbol('rapport.core.messaging');
