export { PRICING_OPTIONS, type PricingOptions, PricingOptionsSchema } from './options.js';
export { pricingPlugin } from './plugin.js';
export * from './quotes/index.js';
export { PRICING_VERSION } from './version.js';
