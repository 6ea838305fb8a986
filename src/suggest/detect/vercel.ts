import { bi } from '../../core/text.js';
import { defineDetector } from './detector.js';

export const vercelDetector = defineDetector({
  wants: (_rel, name) => name === 'vercel.json',
  read(file) {
    try {
      const data = JSON.parse(file.text) as { crons?: unknown };
      return { vercel: [{ file: file.rel, crons: Array.isArray(data.crons) ? data.crons.length : 0 }] };
    } catch {
      return { vercel: [{ file: file.rel, crons: 0 }], problems: [{ file: file.rel, message: bi('not valid JSON', '不是合法的 JSON') }] };
    }
  },
});
