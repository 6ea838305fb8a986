import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoment, type MomentStyle } from '../core/moment.js';

/**
 * Writes moments in the page's language, the same way the CLI does (`formatMoment`): year first in English, as zh-CN
 * in Chinese. `timeZone`: the plan's, where the page knows it; else the browser's.
 */
export function useMoment(timeZone?: string): (at: number | string, style?: MomentStyle) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useCallback((at: number | string, style?: MomentStyle) => formatMoment(typeof at === 'number' ? at : Date.parse(at), language, timeZone, style), [language, timeZone]);
}
