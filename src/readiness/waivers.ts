import type { Waiver } from '../core/launch.js';

/** True while a waiver counts: not withdrawn and not expired at `now`. */
export function isWaiverValid(waiver: Waiver, now: Date): boolean {
  if (waiver.revokedAt) return false;
  return Date.parse(waiver.expiresAt) > now.getTime();
}

/** The waiver that counts for an item at `now` (the one expiring last), or undefined. */
export function validWaiverFor(itemId: string, waivers: readonly Waiver[], now: Date): Waiver | undefined {
  let best: Waiver | undefined;
  for (const waiver of waivers) {
    if (waiver.itemId !== itemId || !isWaiverValid(waiver, now)) continue;
    if (!best || Date.parse(waiver.expiresAt) > Date.parse(best.expiresAt)) best = waiver;
  }
  return best;
}
