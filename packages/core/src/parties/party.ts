import type { ContactPointQuality } from './contact-point-quality.js';
import type { ContactPointKind } from './contact-points.js';
import type { Lifecycle } from './party-input.js';

/** A contact point as stored. */
export interface ContactPoint {
  id: string;
  kind: ContactPointKind;
  value: string;
  label: string | null;
  primary: boolean;
  details: Record<string, string>;
  /**
   * `unverified`: kept as typed because it did not check out (a phone not valid for its country, an
   * odd email, an unknown country); never an identity key, and channels do not send to it.
   */
  quality: ContactPointQuality;
  /** False for a shared contact point (a switchboard, a reception mailbox): never an identity key. */
  identifying: boolean;
  /** Set when a channel reported the address unusable (a hard bounce, say). */
  invalidAt: Date | null;
  invalidReason: string | null;
}

/** A role a party holds now. */
export interface PartyRoleView {
  id: string;
  role: string;
  organizationId: string | null;
  validFrom: Date;
}

/** An important date of a party. */
export interface PartyDate {
  id: string;
  kind: 'birthday' | 'anniversary' | 'custom';
  label: string | null;
  month: number;
  day: number;
  year: number | null;
}

/** A person or an organisation, with its current contact points, roles and dates. */
export interface Party {
  id: string;
  kind: 'person' | 'organization';
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  organizationName: string | null;
  legalName: string | null;
  taxNumber: string | null;
  registrationNumber: string | null;
  locale: string | null;
  lifecycle: Lifecycle | null;
  lostReason: string | null;
  ownerId: string | null;
  teamId: string | null;
  source: { channel: string | null; campaign: string | null; referrerId: string | null };
  city: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  /** Incremented on every change; pass it back as `expectedVersion` to detect concurrent edits. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  contactPoints: ContactPoint[];
  roles: PartyRoleView[];
  dates: PartyDate[];
}

/** A key that identifies one party within a tenant; two parties may not share one. */
export interface IdentityKey {
  kind: 'email' | 'phone' | 'tax_number' | 'registration_number' | 'domain';
  value: string;
}
