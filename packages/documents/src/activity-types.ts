import { defineActivityType, z } from '@rapport/core/plugin';

/** What happened to a document: created, a new version of its content, or a status change. */
export type DocumentEvent = 'created' | 'version' | 'status';

declare module '@rapport/core/plugin' {
  interface ActivityTypeMap {
    /** Something happened to a document about the party (created, new version, status change). */
    document: {
      documentId: string;
      number: string | null;
      type: string;
      event: DocumentEvent;
      status: string;
      title: string;
      /** The version added (event `version`, and `created` with content). */
      versionNumber?: number;
      /** The status before (event `status`). */
      fromStatus?: string;
      reason?: string | null;
    };
  }
}

/** The journal activity types of the documents plugin; entries have the subject `{ type: 'document', id }`. */
export const DOCUMENTS_ACTIVITY_TYPES = [
  defineActivityType({
    key: 'document',
    label: 'Document',
    schema: z.object({
      documentId: z.uuid(),
      number: z.string().max(100).nullable(),
      type: z.string().min(1).max(40),
      event: z.enum(['created', 'version', 'status']),
      status: z.string().min(1).max(40),
      title: z.string().min(1).max(500),
      versionNumber: z.int().min(1).optional(),
      fromStatus: z.string().min(1).max(40).optional(),
      reason: z.string().max(1000).nullable().optional(),
    }),
  }),
] as const;
