import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RunView } from '../server/api-types.js';

type Status = RunView['items'][number]['result']['status'];

const colors = { pass: 'success', fail: 'error', error: 'error', warn: 'warning', skip: 'default', pending: 'processing' } as const satisfies Record<Status, string>;

/** Failures first, then pending, warnings, and what passed. */
export const statusOrder = { fail: 0, error: 1, pending: 2, warn: 3, skip: 4, pass: 5 } as const satisfies Record<Status, number>;

export function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Tag color={colors[status]} data-status={status}>{t(status)}</Tag>;
}
