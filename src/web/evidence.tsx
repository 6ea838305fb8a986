import { Button, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunView } from '../server/api-types.js';
import { formatNumber, formatSize } from './evidence-format.js';
import { pickText } from './i18n.js';

type Evidence = RunView['items'][number]['result']['evidence'];

/** Strings longer than this are cut with a "show more"; blocks (output, bodies) longer than `blockChars`. */
const inlineChars = 120;
const blockChars = 1_500;

/** Observed keys that hold command output or HTTP bodies: shown as monospace blocks, folded. */
const blockKeys = /^(stdout|stderr|body|output|log|response|text|preview)$/i;

/** Text cut at `limit` characters with a button to show the rest. */
function Truncated({ text, limit }: { text: string; limit: number }) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState(false);
  if (text.length <= limit) return <>{text}</>;
  return (
    <>
      {whole ? text : `${text.slice(0, limit)}…`}{' '}
      <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setWhole(!whole)}>{whole ? t('showLess') : t('showMore')}</Button>
    </>
  );
}

/** Output or a body: folded, monospace, scrollable, long ones cut with "show more". */
function Block({ label, text, open }: { label: string; text: string; open: boolean }) {
  const { t } = useTranslation();
  return (
    <details open={open} style={{ marginTop: 4 }}>
      <summary style={{ cursor: 'pointer' }}>{label} <Typography.Text type="secondary">({t('lines', { count: text.split('\n').length })} · {formatSize(new TextEncoder().encode(text).length)})</Typography.Text></summary>
      <pre data-block={label} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: '4px 0 0', maxHeight: 240, overflow: 'auto', background: '#f6f6f6', padding: 6, borderRadius: 4, fontSize: 12 }}>
        <Truncated text={text} limit={blockChars} />
      </pre>
    </details>
  );
}

function Value({ name, value }: { name: string; value: unknown }): ReactNode {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (typeof value === 'boolean') return <span aria-label={String(value)} style={{ color: value ? '#389e0d' : '#cf1322' }}>{value ? '✓' : '✗'}</span>;
  if (typeof value === 'number') return formatNumber(name, value);
  if (typeof value === 'string') return <Truncated text={value} limit={inlineChars} />;
  if (Array.isArray(value) && value.every((entry) => entry === null || typeof entry !== 'object')) return <Truncated text={value.map(String).join(', ')} limit={inlineChars} />;
  if (typeof value === 'object' && Object.values(value).every((entry) => entry === null || typeof entry !== 'object')) return <Facts observed={value as Record<string, unknown>} nested />;
  return <Block label={name} text={JSON.stringify(value, null, 2)} open={false} />;
}

/** The kind's facts as a key/value table; output and bodies below it as folded blocks. */
function Facts({ observed, nested = false, failing = false }: { observed: Readonly<Record<string, unknown>>; nested?: boolean; failing?: boolean }) {
  const entries = Object.entries(observed).filter(([, value]) => value !== undefined);
  const blocks = entries.filter(([key, value]) => !nested && typeof value === 'string' && (blockKeys.test(key) || value.includes('\n')));
  const rows = entries.filter((entry) => !blocks.includes(entry));
  return (
    <>
      {rows.length > 0 && (
        <table className="golive-facts" style={{ borderCollapse: 'collapse', width: nested ? '100%' : 'auto', maxWidth: '100%', tableLayout: 'auto' }}>
          <tbody>
            {rows.map(([key, value]) => (
              <tr key={key} data-fact={key}>
                <th style={{ textAlign: 'left', fontWeight: 500, padding: '1px 8px 1px 0', verticalAlign: 'top', whiteSpace: 'nowrap', color: '#666' }}>{key}</th>
                <td style={{ padding: '1px 0', wordBreak: 'break-word' }}><Value name={key} value={value} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {blocks.map(([key, value]) => (String(value).trim() ? <Block key={key} label={key} text={String(value)} open={failing} /> : null))}
    </>
  );
}

/** Each condition: what was expected and, when it failed, why; failing ones first. */
function Conditions({ conditions, lang }: { conditions: NonNullable<Evidence['conditions']>; lang: string }) {
  const sorted = [...conditions].sort((a, b) => Number(a.passed) - Number(b.passed));
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: '2px 0' }}>
      {sorted.map((condition, index) => (
        <li key={index} data-condition={condition.passed ? 'passed' : 'failed'}>
          <span style={{ color: condition.passed ? '#389e0d' : condition.warnOnly ? '#d48806' : '#cf1322' }}>{condition.passed ? '✓' : '✗'}</span>{' '}
          <Typography.Text code>{condition.condition}</Typography.Text>
          {!condition.passed && <span> — {pickText(condition.message, lang)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** A result's evidence, readable: target, reason, expectations, the facts, output; the raw JSON only on request. */
export function EvidenceView({ evidence, failing }: { evidence: Evidence; failing: boolean }) {
  const { t, i18n } = useTranslation();
  const [raw, setRaw] = useState(false);
  const hasDetail = Boolean(evidence.observed || evidence.conditions?.length);
  return (
    <div className="golive-evidence" style={{ fontSize: 12, color: '#444', wordBreak: 'break-word', minWidth: 0 }}>
      {evidence.target && <div><Typography.Text type="secondary">{String(evidence.target)}</Typography.Text></div>}
      {evidence.reason && <div data-reason style={{ color: failing ? '#cf1322' : undefined }}>{pickText(evidence.reason, i18n.language)}</div>}
      {evidence.conditions && evidence.conditions.length > 0 && <Conditions conditions={evidence.conditions} lang={i18n.language} />}
      {evidence.observed && (failing ? <Facts observed={evidence.observed} failing /> : (
        <details>
          <summary style={{ cursor: 'pointer' }}>{t('observed')}</summary>
          <Facts observed={evidence.observed} />
        </details>
      ))}
      {hasDetail && (
        <Button type="link" size="small" style={{ padding: 0, height: 'auto', fontSize: 12 }} onClick={() => setRaw(!raw)}>{raw ? t('hideRaw') : t('raw')}</Button>
      )}
      {raw && <pre data-raw style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0, maxHeight: 240, overflow: 'auto', background: '#f6f6f6', padding: 6, fontSize: 11 }}>{JSON.stringify(evidence, null, 2)}</pre>}
    </div>
  );
}
