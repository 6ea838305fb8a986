import { bi } from '../../core/text.js';
import type { Rule } from '../rule.js';

/**
 * A value another rule reported as a secret, written again elsewhere: in a README's table, a deployment note, a shell
 * test, a second config file. Such a copy rarely has the name or context a rule needs, and it is as much a leak as the
 * first. Not a line rule: the scan finds copies once it knows the values (`src/scan/repeats.ts`), so it has no
 * keywords and never runs on lines; its severity is that of the finding it copies.
 */
export const repeatedSecret: Rule = {
  id: 'repeated-secret',
  description: bi('A value reported as a secret elsewhere in the tree, written again here', '在别处被报告为密钥的值，在此处再次出现'),
  severity: 'high',
  category: 'secret',
  keywords: [],
  find: () => [],
};
