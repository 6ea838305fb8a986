import { bi, type Bilingual } from '../core/text.js';
import { availableSecretValues } from '../plan/load.js';
import { keepRunSecrets, openRunSecrets } from '../redaction/run-secrets.js';
import type { SecretSet } from '../redaction/secret-set.js';
import type { RunRecord, Store } from '../store/store.js';
import { GoliveError } from '../core/errors.js';

/** The set for what a person types into a run, and a notice when the plan's own secret values are unknown. */
export interface TypedTextSecrets {
  readonly secrets: SecretSet;
  readonly notice?: Bilingual;
}

/**
 * The set typed text goes through: every secret value the plan knows in the run's environment without asking anyone
 * (secret variables, secret-looking env-file entries), what the run saw, the scan rules and the phrase rules.
 * A plan that cannot be read leaves the rest, said in the notice.
 */
export async function typedTextSecrets(store: Store, run: RunRecord, planPath: string, env: NodeJS.ProcessEnv): Promise<TypedTextSecrets> {
  let declared: readonly string[] = [];
  let notice: Bilingual | undefined;
  try {
    declared = await availableSecretValues(planPath, { ...(run.environment ? { environment: run.environment } : {}), env });
  } catch (error) {
    const reason = error instanceof GoliveError ? error.text : bi(String(error), String(error));
    notice = bi(
      `note: the plan's secret values are unknown (${reason.en.split('\n')[0]}); only secrets this run saw and recognised formats are redacted`,
      `注意：无法获取计划中的秘密值（${reason.zh.split('\n')[0]}）；仅脱敏本次运行见过的秘密和可识别格式`,
    );
  }
  const secrets = await openRunSecrets(store, run.id, declared);
  return { secrets, ...(notice ? { notice } : {}) };
}

/** Tells a person that part of what they typed was masked before it was stored. */
export function maskedNotice(fields: readonly string[]): Bilingual {
  return bi(
    `part of ${fields.join(', ')} looked like a secret and was masked before it was stored`,
    `${fields.join('、')} 中有内容疑似秘密，已在保存前打码`,
  );
}

/** Free text a one-off command records in a run (an upload's description, a deploy's command): redact, then keep. */
export interface RunTextRedactor {
  redact(text: string): string;
  /** Persists what the redaction learnt, before the text is stored or audited. */
  keep(): Promise<void>;
  readonly notice?: Bilingual;
}

export async function runTextRedactor(store: Store, run: RunRecord, planPath: string, env: NodeJS.ProcessEnv): Promise<RunTextRedactor> {
  const { secrets, notice } = await typedTextSecrets(store, run, planPath, env);
  return { redact: (text) => secrets.redactTyped(text).text, keep: () => keepRunSecrets(store, run.id, secrets), ...(notice ? { notice } : {}) };
}
