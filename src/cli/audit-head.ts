import { formatAnchor } from '../audit/chain.js';
import { bi, type Bilingual } from '../i18n/text.js';
import type { AuditHead } from '../store/store.js';

/** The line that puts the audit head where people see it, so a later rewrite of the trail can be proven. */
export function auditHeadLine(head: AuditHead): Bilingual {
  const anchor = formatAnchor(head);
  return bi(`Audit head ${anchor} (keep it; \`golive audit verify --head ${anchor}\` proves the trail up to here is unchanged)`, `审计链头 ${anchor}（请保留；\`golive audit verify --head ${anchor}\` 可证明到此为止的记录未被改动）`);
}
