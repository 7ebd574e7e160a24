import { getDomain, getDomainWithoutSuffix } from 'tldts';

/**
 * Domains that many unrelated parties share, so they never identify one: free-mail providers and
 * hosting or publishing platforms whose sites sit under one registrable domain. Platforms listed
 * as private suffixes in the Public Suffix List (github.io, herokuapp.com…) need no entry: there the
 * registrable domain is the customer's own (`acme.github.io`). Tenants extend or override this list
 * with `contactPoints.setSharedDomains`.
 */
export const DEFAULT_SHARED_DOMAINS: readonly string[] = [
  // free mail
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.de',
  'yahoo.fr',
  'yahoo.es',
  'yahoo.it',
  'yahoo.co.jp',
  'ymail.com',
  'outlook.com',
  'outlook.de',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.de',
  'hotmail.fr',
  'hotmail.es',
  'hotmail.it',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'gmx.com',
  'web.de',
  't-online.de',
  'freenet.de',
  'mail.com',
  'mail.ru',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'yandex.ru',
  'yandex.com',
  'ya.ru',
  'rambler.ru',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'interia.pl',
  'zoho.com',
  'tutanota.com',
  'fastmail.com',
  // hosting, publishing and site-builder platforms not covered by the Public Suffix List
  'wordpress.com',
  'wixsite.com',
  'wix.com',
  'squarespace.com',
  'weebly.com',
  'jimdo.com',
  'jimdofree.com',
  'tumblr.com',
  'medium.com',
  'sites.google.com',
  'google.com',
  'facebook.com',
  'instagram.com',
  'linkedin.com',
  'twitter.com',
  'x.com',
  'youtube.com',
  'microsoft.com',
  'geocities.com',
  'tripod.com',
  'angelfire.com',
  'narod.ru',
  'ucoz.ru',
  'livejournal.com',
  't.me',
  'vk.com',
];

const DEFAULTS = new Set(DEFAULT_SHARED_DOMAINS);

/** Free-mail brands shared under every public suffix they use (yahoo.com.ar, hotmail.es, gmx.ch…). */
const SHARED_BRANDS = new Set([
  'yahoo',
  'hotmail',
  'outlook',
  'gmx',
  'yandex',
  'ymail',
  'googlemail',
  'windowslive',
]);

/**
 * The registrable domain of a host ("shop.example.co.uk" → "example.co.uk") by the Public Suffix
 * List, private suffixes included ("acme.github.io" stays itself); undefined for an IP address, a
 * bare suffix or a host without one.
 */
export function registrableDomain(host: string): string | undefined {
  return getDomain(host, { allowPrivateDomains: true }) ?? undefined;
}

/** The tenant's changes to {@link DEFAULT_SHARED_DOMAINS}: domains added, and defaults it lifted. */
export interface SharedDomainOverrides {
  shared: ReadonlySet<string>;
  notShared: ReadonlySet<string>;
}

/** No tenant changes. */
export const NO_OVERRIDES: SharedDomainOverrides = { shared: new Set(), notShared: new Set() };

/**
 * Whether a host (or an email's domain) is shared for a tenant: it or a parent domain is on the
 * tenant's list or the default one, or it is a free-mail brand under any suffix. The nearest entry
 * wins, so a tenant can lift one default (`notShared`) or add a host under one.
 */
export function isSharedDomain(host: string, overrides: SharedDomainOverrides = NO_OVERRIDES): boolean {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    if (overrides.notShared.has(candidate)) return false;
    if (overrides.shared.has(candidate) || DEFAULTS.has(candidate)) return true;
  }
  const brand = getDomainWithoutSuffix(host, { allowPrivateDomains: true });
  return brand !== null && SHARED_BRANDS.has(brand);
}
