import { MarketplaceError } from '../errors.js';
import type { PriceTier } from './pricing.js';

/** Most attributes a product may carry (the schema enforces the same limit at the edge). */
export const MAX_ATTRIBUTES = 50;

/**
 * Checks a tier list against the catalog rules, whoever calls the service (HTTP, demo loader, import): at least one
 * tier; the first tier's minQuantity equals the MOQ — so the first tier is the MOQ price and every orderable
 * quantity has a tier; minQuantity strictly increasing; unitPrice never increasing. Throws `validation_failed`
 * with the path of the first offending field, e.g. ['tiers', 1, 'unitPrice'].
 */
export function assertValidTiers(tiers: readonly PriceTier[], moq: number, moqChanged = false): void {
  const first = tiers[0];
  if (!first)
    throw new MarketplaceError('validation_failed', 'at least one price tier is required', { path: ['tiers'] });
  for (let i = 1; i < tiers.length; i++) {
    const prev = tiers[i - 1] as PriceTier;
    const tier = tiers[i] as PriceTier;
    if (tier.minQuantity <= prev.minQuantity) {
      throw new MarketplaceError('validation_failed', 'minQuantity must be strictly greater than the previous tier', {
        path: ['tiers', i, 'minQuantity'],
      });
    }
    if (tier.unitPrice > prev.unitPrice) {
      throw new MarketplaceError('validation_failed', 'unitPrice must not exceed the previous tier', {
        path: ['tiers', i, 'unitPrice'],
      });
    }
  }
  if (first.minQuantity !== moq) {
    throw new MarketplaceError(
      'validation_failed',
      `the first tier minQuantity (${first.minQuantity}) must equal the MOQ (${moq})`,
      { path: moqChanged ? ['moq'] : ['tiers', 0, 'minQuantity'], details: { moq, minQuantity: first.minQuantity } },
    );
  }
}
