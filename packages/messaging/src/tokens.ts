import type { InjectionToken } from '@rapport/core/plugin';
import type { ChannelRegistry } from './channel-registry.js';
import type { MessagingService } from './messaging-service.js';

/** Token of the {@link ChannelRegistry}. */
export const CHANNEL_REGISTRY: InjectionToken<ChannelRegistry> = Symbol('rapport.messaging.channels');
/** Token of the {@link MessagingService}. */
export const MESSAGING_SERVICE: InjectionToken<MessagingService> = Symbol('rapport.messaging.messaging');
