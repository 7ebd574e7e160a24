// Declaration merging, as any plugin does: messaging's job payloads join the kernel's `JobMap`.
declare module '../kernel/context.js' {
  interface JobMap {
    /** Delivers one single message (and each of its retries). */
    'core.messaging.deliver': { messageId: string };
    /** Sends a direct-mail campaign's due messages for a while, then hands over to the next one. */
    'core.messaging.dispatch': { campaignId: string };
  }
}

export {};
