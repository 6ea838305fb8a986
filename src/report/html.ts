import { bi, pick, type Locale } from '../core/text.js';
import type { ResultStatus } from '../core/result.js';
import {
  categoryOf,
  categoryRows,
  countsSentence,
  evidenceLocations,
  explanations,
  formatLocation,
  formatMs,
  formatScore,
  groupByPhase,
  historyText,
  labelled,
  labels,
  manualOf,
  priorityLabels,
  priorityOf,
  statusLabels,
  verifiedText,
  waiverText,
} from './_model.js';
import { escapeXml as escape } from './_xml.js';
import type { ItemView, Reporter, RunView } from './run-view.js';

/** Inline stylesheet: the file must open anywhere, offline, with nothing beside it. */
const style = `
:root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--error:#8250df;--skip:#6e7781;--pending:#0969da;--line:#d0d7de;--muted:#57606a}
*{box-sizing:border-box}
body{font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1040px;padding:24px;color:#1f2328}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted)}.meta span{margin-right:16px}
.gate{border-radius:8px;padding:12px 16px;margin:16px 0;color:#fff}.gate.passed{background:var(--pass)}.gate.failed{background:var(--fail)}
.gate strong{font-size:16px}.gate ul{margin:6px 0 0;padding-left:20px}
table.score{border-collapse:collapse;width:100%}table.score td,table.score th{padding:4px 8px;text-align:left;border-bottom:1px solid var(--line)}
.bar{background:#eaeef2;border-radius:4px;height:10px;width:200px}.bar>div{height:10px;border-radius:4px}
.hi{background:var(--pass)}.mid{background:var(--warn)}.lo{background:var(--fail)}
.item{border:1px solid var(--line);border-left-width:4px;border-radius:6px;padding:8px 12px;margin:8px 0}
.item.pass{border-left-color:var(--pass)}.item.fail{border-left-color:var(--fail)}.item.warn{border-left-color:var(--warn)}
.item.error{border-left-color:var(--error)}.item.skip{border-left-color:var(--skip)}.item.pending{border-left-color:var(--pending)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff;margin-right:6px}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.warn{background:var(--warn)}
.badge.error{background:var(--error)}.badge.skip{background:var(--skip)}.badge.pending{background:var(--pending)}
.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;margin-right:6px}
.tags{color:var(--muted);font-size:12px;margin-left:6px}
.explain{color:var(--fail);margin:4px 0 0;padding-left:18px}.note{color:var(--warn);margin:2px 0}
.manual{margin:4px 0 0}.manual dt{font-weight:600;display:inline}.manual dd{display:inline;margin:0 12px 0 4px}
details{margin-top:4px}summary{cursor:pointer;color:var(--muted)}
pre{background:#f6f8fa;border-radius:6px;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all;font-size:12px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{details{display:block}summary{display:none}}
`;

function badge(status: ResultStatus, locale: Locale): string {
  return `<span class="badge ${status}">${escape(pick(statusLabels[status], locale))}</span>`;
}

function itemHtml(itemView: ItemView, locale: Locale): string {
  const { item, result } = itemView;
  const status = result.status;
  const tags = [pick(priorityLabels[priorityOf(item)], locale), categoryOf(item), ...(item.owner ? [`@${item.owner}`] : []), ...(status === 'pending' ? [] : [formatMs(result.durationMs)])];
  const parts = [`<div class="item ${status}">`, `<div>${badge(status, locale)}<span class="id">${escape(item.id)}</span>${escape(item.title)}<span class="tags">${escape(tags.join(' · '))}</span></div>`];

  const explained = status === 'pass' || status === 'pending' ? [] : explanations(itemView, locale);
  if (explained.length > 0) parts.push(`<ul class="explain">${explained.map((line) => `<li>${escape(line)}</li>`).join('')}</ul>`);

  const manual = manualOf(itemView);
  if (manual && (status === 'pending' || itemView.verifiedBy)) {
    parts.push(
      `<dl class="manual"><dt>${escape(labelled(labels.how, locale))}</dt><dd>${escape(manual.method)}</dd>${manual.expected ? `<dt>${escape(labelled(labels.expected, locale))}</dt><dd>${escape(manual.expected)}</dd>` : ''}</dl>`,
    );
  }
  for (const note of [verifiedText(itemView, locale), waiverText(itemView, locale), historyText(itemView, locale)]) {
    if (note) parts.push(`<p class="note">${escape(note)}</p>`);
  }
  if (item.why && status !== 'pass') parts.push(`<p class="note">${escape(labelled(labels.why, locale))}${escape(item.why)}</p>`);

  const evidence = result.evidence;
  const hasEvidence = evidence.target !== undefined || evidence.observed !== undefined || (evidence.conditions?.length ?? 0) > 0 || result.attempts.length > 0;
  if (hasEvidence && status !== 'pending') {
    const locations = evidenceLocations(evidence);
    const summary = `${pick(labels.evidence, locale)}${evidence.target ? `: ${evidence.target}` : ''}`;
    const conditions = (evidence.conditions ?? []).map((condition) => `${condition.passed ? '✔' : '✖'} ${condition.condition} — ${pick(condition.message, locale)}`);
    const body = [
      ...(conditions.length > 0 ? [`<pre>${escape(conditions.join('\n'))}</pre>`] : []),
      ...(locations.length > 0 ? [`<pre>${escape(locations.map((location) => `${formatLocation(location)}  ${location.rule ?? ''}  ${location.text ?? ''}`.trimEnd()).join('\n'))}</pre>`] : []),
      ...(evidence.observed ? [`<pre>${escape(JSON.stringify(evidence.observed, null, 2))}</pre>`] : []),
      ...(result.attempts.length > 1 ? [`<p>${escape(`${result.attempts.length} ${labelled(labels.attempts, locale)}${result.attempts.map((attempt) => `${attempt.status} ${formatMs(attempt.durationMs)}`).join(', ')}`)}</p>`] : []),
    ];
    // Failures open by default: what went wrong is what the reader came for.
    parts.push(`<details${status === 'fail' || status === 'error' ? ' open' : ''}><summary>${escape(summary)}</summary>${body.join('')}</details>`);
  }
  parts.push('</div>');
  return parts.join('');
}

function scoreClass(score: number): string {
  return score >= 8 ? 'hi' : score >= 6 ? 'mid' : 'lo';
}

/** One self-contained HTML page (inline CSS, no script, no external asset); every text escaped. */
export function renderHtml(view: RunView, locale: Locale): string {
  const title = `${labelled(labels.report, locale)}${view.plan.name}`;
  const meta = [
    [labels.environment, view.environment],
    [labels.release, view.release],
    [labels.run, view.id],
    [labels.started, view.startedAt],
    [labels.finished, view.finishedAt],
  ] as const;
  const gate = view.gate;
  const rows = categoryRows(view)
    .map((row) => {
      const scored = typeof row.score === 'number' && Number.isFinite(row.score);
      const bar = scored ? `<div class="bar"><div class="${scoreClass(row.score)}" style="width:${Math.max(0, Math.min(100, row.score * 10))}%"></div></div>` : '';
      return `<tr><td>${escape(row.title)}</td><td>${bar}</td><td>${formatScore(row.score)}</td><td>${row.passed}/${row.total}</td><td>${row.weight}</td></tr>`;
    })
    .join('');
  const groups = groupByPhase(view)
    .map((group) => `<section><h2>${escape(group.phase.title)}${group.phase.window ? ` <small>(${escape(group.phase.window)})</small>` : ''}</h2>${group.items.map((itemView) => itemHtml(itemView, locale)).join('')}</section>`)
    .join('\n');
  const signoffs =
    view.signoffs.length === 0
      ? `<p>${escape(pick(labels.noSignoffs, locale))}</p>`
      : `<table class="score"><tr><th>${escape(pick(labels.role, locale))}</th><th>${escape(pick(labels.by, locale))}</th><th>${escape(pick(labels.at, locale))}</th><th>${escape(pick(labels.valid, locale))}</th></tr>${view.signoffs
          .map((signoff) => `<tr><td>${escape(signoff.role)}</td><td>${escape(signoff.by)}</td><td>${escape(signoff.at)}</td><td>${signoff.valid ? '✔' : `✖ ${escape(pick(labels.invalid, locale))}`}</td></tr>`)
          .join('')}</table>`;

  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${escape(title)}</h1>
<div class="meta">${meta.map(([label, value]) => `<span>${escape(pick(label, locale))}: ${escape(value ?? pick(labels.none, locale))}</span>`).join('')}</div>
</header>
<div class="gate ${gate.passed ? 'passed' : 'failed'}"><strong>${escape(pick(gate.passed ? labels.gatePassed : labels.gateFailed, locale))}</strong> (${escape(pick(labels.threshold, locale))} ${gate.threshold})${
    gate.reasons.length > 0 ? `<ul>${gate.reasons.map((reason) => `<li>${escape(pick(reason, locale))}</li>`).join('')}</ul>` : ''
  }${
    gate.accepted.length > 0
      ? `<p>${escape(labelled(labels.acceptedRisks, locale))}</p><ul>${gate.accepted.map((reason) => `<li>${escape(pick(reason, locale))}</li>`).join('')}</ul>`
      : ''
  }</div>
<h2>${escape(labelled(labels.score, locale))}${formatScore(view.score.overall)}/10</h2>
<table class="score"><tr><th>${escape(pick(labels.category, locale))}</th><th></th><th>${escape(pick(bi('Score', '评分'), locale))}</th><th>${escape(pick(labels.passed, locale))}</th><th>${escape(pick(labels.weight, locale))}</th></tr>${rows}</table>
${groups}
<h2>${escape(pick(labels.signoffs, locale))}</h2>
${signoffs}
<footer>${escape(countsSentence(view.items, locale))} · golive</footer>
</body>
</html>
`;
}

export const htmlReporter = { name: 'html', extension: 'html', render: renderHtml } satisfies Reporter;
