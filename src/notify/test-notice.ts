import { bi, type Bilingual } from '../core/text.js';
import type { NotificationTarget } from '../plan/schema.js';
import { deliver, type DeliverOptions, type Delivery } from './deliver.js';
import type { Notice } from './notifier.js';

/** What a test message says: which plan or project it is for, who sent it and how. */
export interface TestNoticeInput {
  /** The plan's (CLI) or project's (dashboard) name, in the title. */
  readonly name: string;
  /** The line saying what the chat is connected to (`plan: …, environment …` / `project: …`). */
  readonly about: Bilingual;
  readonly by: string;
  /** How it was sent, e.g. `golive notify test team`. */
  readonly via: string;
  readonly link: Notice['link'];
}

/**
 * Sends the test message of `golive notify test` and of the dashboard's "send test": one delivery, the platform's
 * answer kept, waiting up to 65 s for the robot's rate window (a test right after an alert storm still arrives).
 */
export function sendTestNotice(target: NotificationTarget, input: TestNoticeInput, options: Pick<DeliverOptions, 'planDir' | 'limiter' | 'clock'> = {}): Promise<Delivery> {
  return deliver(
    target,
    {
      kind: 'test',
      title: bi(`golive can reach this chat (${input.name})`, `golive 可以向本群发送消息（${input.name}）`),
      lines: [
        input.about,
        bi(`sent by ${input.by} with \`${input.via}\``, `由 ${input.by} 通过 \`${input.via}\` 发送`),
        bi('alerts and "resolved" messages of this launch will arrive here', '本次上线的告警与恢复消息将发送到这里'),
      ],
      link: input.link,
      at: new Date(),
    },
    { maxWaitMs: 65_000, ...options },
  );
}
