import type { Actor } from '@rapport/core/plugin';
import type { DocumentDirection } from './register/document-input.js';

/** A party a document concerns. */
export interface DocumentPartyLink {
  partyId: string;
  role: string;
}

/** One stored version of a document's content. */
export interface DocumentVersion {
  id: string;
  documentId: string;
  /** 1, 2, 3…: the order the versions were added in. */
  number: number;
  filename: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the bytes, checked on every read. */
  sha256: string;
  /** The storage that holds the bytes (`postgres`, `s3`). */
  storage: string;
  reason: string | null;
  actor: Actor;
  employeeId: string | null;
  createdAt: Date;
  /** Set when an erasure removed the bytes (the version's metadata stays). */
  erasedAt: Date | null;
  /** The document's current version. */
  current: boolean;
}

/** A document of the register. */
export interface Document {
  id: string;
  /** The type's key. */
  type: string;
  typeId: string;
  /** The document's number (null when it has none). */
  number: string | null;
  /** The counter value behind an automatic number. */
  seq: number | null;
  /** The counter's period of an automatic number (`2026`, `2026-03`, ``). */
  period: string | null;
  title: string;
  direction: DocumentDirection;
  status: string;
  /** Every party the document concerns; the first is its main party. */
  parties: DocumentPartyLink[];
  subject: { kind: string; id: string } | null;
  ownerId: string | null;
  issuedOn: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  /** The current version's metadata (null for a document without content). */
  currentVersion: DocumentVersion | null;
  /** An erasure removed the document's content; the register row and number stay. */
  contentErased: boolean;
  /** Bumped on every change (optimistic locking). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The bytes of a version, checked against its stored checksum. */
export interface DocumentContent {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
  sha256: string;
}
