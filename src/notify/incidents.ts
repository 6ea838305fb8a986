import type { Bilingual } from '../core/text.js';
import type { NotificationTarget } from '../plan/schema.js';
import type { Store } from '../store/store.js';
import { deliver, type DeliverOptions, type Delivery } from './deliver.js';
import type { Notice } from './notifier.js';

/** A condition as a monitor, trigger or inspection sees it now. */
export interface IncidentUpdate {
  /** Stable across evaluations and restarts, e.g. `monitor:error-rate` or `trigger:r-20261122-0001:error-rate`. */
  readonly key: string;
  readonly firing: boolean;
  /** What the alert (while firing) or the "resolved" message (once cleared) says. */
  readonly title: Bilingual;
  readonly lines: readonly Bilingual[];
  readonly link?: Notice['link'];
  readonly now?: Date;
}

/** What one target got: nothing (already told), the alert, or the "resolved" message. */
export interface IncidentOutcome {
  readonly target: string;
  readonly message: 'alert' | 'resolved' | 'none';
  readonly delivery?: Delivery;
}

/**
 * One alert per incident and one "resolved" when it clears, per target: the store remembers what was sent, so
 * repeated evaluations, several processes and restarts do not alert twice. A failed send is tried again on the
 * next evaluation.
 */
export async function notifyIncident(
  store: Pick<Store, 'transitionIncident' | 'settleIncident'>,
  targets: readonly NotificationTarget[],
  update: IncidentUpdate,
  options: DeliverOptions = {},
): Promise<IncidentOutcome[]> {
  return Promise.all(
    targets.map(async (target): Promise<IncidentOutcome> => {
      const now = update.now ?? new Date();
      const message = await store.transitionIncident({ key: update.key, target: target.id, firing: update.firing, now });
      if (message === 'none') return { target: target.id, message };
      const notice: Notice = { kind: message === 'alert' ? 'alert' : 'resolved', title: update.title, lines: update.lines, link: update.link, incident: update.key, at: now };
      const delivery = await deliver(target, notice, options);
      await store.settleIncident({ key: update.key, target: target.id, message, delivered: delivery.delivered, now });
      return { target: target.id, message, delivery };
    }),
  );
}
