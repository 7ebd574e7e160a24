import {
  RESERVED_TEMPLATE_KEYS as CORE_RESERVED,
  renderContext as coreContext,
  type TemplateParty,
} from '@rapport/core/plugin';

/** Names in a message's render context that messaging fills in; data may not use them. */
export const RESERVED_TEMPLATE_KEYS = [...CORE_RESERVED, 'unsubscribeUrl'] as const;

/** The context messages render with: the data, the party as `party`, and the unsubscribe link. */
export function renderContext(
  data: Record<string, unknown>,
  party: TemplateParty | undefined,
  unsubscribeUrl: string | null,
): Record<string, unknown> {
  return coreContext(data, party, { unsubscribeUrl });
}
