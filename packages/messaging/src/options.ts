import { type InjectionToken, z } from '@rapport/core/plugin';

/** The options of the messaging plugin; `createCrm` validates them and reports every bad field. */
export const MessagingOptionsSchema = z.object({
  /** Files attached to single sends (on channels that take attachments). */
  attachments: z
    .object({
      /** The most bytes all attachments of one message may hold together (default 10 MB). */
      maxTotalBytes: z
        .int()
        .min(1)
        .max(512 * 1024 * 1024)
        .default(10 * 1024 * 1024),
      /** The most attachments one message may have (default 20). */
      maxCount: z.int().min(1).max(1000).default(20),
    })
    .prefault({}),
});

/** The options as given to `messagingPlugin.configure`. */
export type MessagingOptionsInput = z.input<typeof MessagingOptionsSchema>;
/** The validated options, as services receive them. */
export type MessagingOptions = z.output<typeof MessagingOptionsSchema>;

/** Token under which `createCrm` registers the validated options. */
export const MESSAGING_OPTIONS: InjectionToken<MessagingOptions> = Symbol('rapport.messaging.options');
