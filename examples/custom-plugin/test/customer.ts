import type { CallContext, Crm } from '@rapport/core';

/** Creates an organisation to visit, through core's public API, and returns its party id. */
export async function addCustomer(
  crm: Pick<Crm, 'services'>,
  ctx: CallContext,
  organizationName: string,
): Promise<string> {
  return (await crm.services.parties.create(ctx, { kind: 'organization', organizationName })).party.id;
}
