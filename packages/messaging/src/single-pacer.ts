import type { MessageChannel } from './channel.js';
import { Pacer } from './pacer.js';

// Keyed by the channel object, which each CRM instance builds for itself: two CRMs in one process
// share no pacer, and a closed CRM's pacers go with its channels.
const pacers = new WeakMap<MessageChannel, Pacer>();

/**
 * The pacer single sends of `channel` share in this process: they start no faster than the
 * channel's `rate` per second, whichever job delivers them. The limit is per process: N worker
 * processes may together reach N × rate (give each a share of the provider's limit, or run the
 * `messaging.deliver` workers in one process).
 */
export function singlePacer(channel: MessageChannel): Pacer {
  let pacer = pacers.get(channel);
  if (!pacer) {
    pacer = new Pacer(channel.rate);
    pacers.set(channel, pacer);
  }
  return pacer;
}
