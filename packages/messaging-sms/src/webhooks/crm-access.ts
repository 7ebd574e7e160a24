import type { CallContext, Crm, Logger } from '@rapport/core';
import { CONTACT_POINT_SERVICE, JOURNAL_SERVICE } from '@rapport/core/plugin';
import { MESSAGING_SERVICE } from '../messaging-api.js';

/** What the webhooks need of a CRM: contexts and its container (services are resolved by token). */
export type WebhookCrm = Pick<Crm, 'context' | 'container'>;

/** The services the webhooks call, resolved once. */
export function servicesOf(crm: WebhookCrm) {
  return {
    messaging: crm.container.resolve(MESSAGING_SERVICE),
    contactPoints: crm.container.resolve(CONTACT_POINT_SERVICE),
    journal: crm.container.resolve(JOURNAL_SERVICE),
  };
}

/** The services the webhooks call. */
export type WebhookServices = ReturnType<typeof servicesOf>;

/** A system context of a tenant for webhook work. */
export function webhookContext(crm: WebhookCrm, tenantId: string, provider: string): CallContext {
  return crm.context({ tenantId, actor: { kind: 'system', name: `sms-webhook:${provider}` } });
}

export type { Logger };
