/** Owners a document names: `@team`, `负责人：周工`, an owner column; `-`, 无, TBD name nobody. */

/** The owner a cell or label value names, or undefined for "nobody yet". */
export function ownerOfText(text: string): string | undefined {
  const value = text.replace(/\*\*/g, '').trim();
  if (value === '' || /^([-–—_/]+|无|暂无|待定|待分配|未分配|n\/?a|none|tbd|tba|\?+)$/i.test(value)) return undefined;
  return value;
}

/** The owners a team table assigns: `| @alice | 压测、日志 |` → alice owns the items whose titles name 压测 or 日志. */
export function assignments(member: string, assigned: string): { owner: string; parts: string[] } | undefined {
  const owner = ownerOfText(member);
  if (owner === undefined) return undefined;
  const parts = assigned.split(/[、,，/;；]|\band\b|和/).map((part) => part.trim()).filter((part) => part.length >= 2);
  return { owner, parts };
}
