// Declaration merging, as any plugin does: messaging's job payloads join the kernel's `JobMap`.
declare module '@rapport/core/plugin' {
  interface JobMap {
    /** Delivers one single message (and each of its retries). */
    'messaging.deliver': { messageId: string };
    /** Sends a mailing's due messages for a while, then hands over to the next one. */
    'messaging.dispatch': { mailingId: string };
  }
}

export {};
