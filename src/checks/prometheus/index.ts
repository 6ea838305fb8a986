import { z } from 'zod';
import { bi } from '../../core/text.js';
import { durationField, durationMs, formatDuration } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError, type Observation } from '../check-kind.js';
import { queryPrometheus, type PrometheusResult, type Sample } from './_api.js';

const prometheusSchema = checkSchema('prometheus', {
  url: z.url({ protocol: /^https?$/ }).describe('Prometheus server, e.g. http://prometheus:9090 (a path prefix is kept)'),
  query: z.string().min(1).describe('PromQL, e.g. sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))'),
  range: z
    .strictObject({
      last: durationField.describe('How far back, e.g. 5m'),
      step: durationField.optional().describe('Resolution, e.g. 30s (default: last / 60)'),
    })
    .optional()
    .describe('Evaluate over a window (query_range); `value` is the last sample'),
  token: z.string().optional().describe('Bearer token for a protected server (use a secret variable)'),
});

export type PrometheusCheck = z.infer<typeof prometheusSchema>;

/** Series kept as facts; a query should aggregate (`sum(...)`) rather than return thousands. */
const maxSeries = 100;
/** Samples kept per series of a range query. */
const maxSamples = 1_000;

/** Sample values are strings in the API; NaN and ±Inf stay strings so facts remain JSON. */
function sampleNumber(text: string): number | string {
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

/** The server URL with its password masked, as people may see it. */
function displayUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '(invalid URL)';
  }
  const credentials = url.username || url.password ? `${url.username}${url.password ? ':••••' : ''}@` : '';
  return `${url.protocol}//${credentials}${url.host}${url.pathname.replace(/\/$/, '')}`;
}

function lastSample(samples: readonly Sample[]): Sample | undefined {
  return samples.at(-1);
}

/** The number conditions read, or why there is none. */
function valueOf(result: PrometheusResult): { value?: number | string; why?: { en: string; zh: string } } {
  let sample: Sample | undefined;
  switch (result.resultType) {
    case 'scalar':
      sample = result.result;
      break;
    case 'string':
      return { value: result.result[1] };
    case 'vector':
      sample = result.result[0]?.value;
      if (!result.result.length) return { why: bi('the query returned no series (no data, or the labels match nothing)', '查询没有返回任何序列（无数据或标签不匹配）') };
      break;
    case 'matrix': {
      const first = result.result[0];
      if (!first) return { why: bi('the query returned no series in that window', '该时间窗口内查询没有返回任何序列') };
      sample = lastSample(first.values);
      break;
    }
  }
  if (!sample) return { why: bi('the first series has no sample', '第一个序列没有样本') };
  const number = Number(sample[1]);
  if (!Number.isFinite(number)) {
    return {
      why: bi(
        `the value is ${sample[1]} (e.g. 0/0 when nothing was counted in the window), so there is no number to compare`,
        `值为 ${sample[1]}（例如时间窗口内没有任何计数时的 0/0），没有可比较的数字`,
      ),
    };
  }
  return { value: number };
}

function seriesOf(result: PrometheusResult): Record<string, unknown>[] {
  if (result.resultType === 'vector') {
    return result.result.slice(0, maxSeries).map((series) => ({ metric: series.metric, ...(series.value ? { value: sampleNumber(series.value[1]) } : {}) }));
  }
  if (result.resultType === 'matrix') {
    return result.result.slice(0, maxSeries).map((series) => ({
      metric: series.metric,
      values: series.values.slice(-maxSamples).map(([time, value]) => [time, sampleNumber(value)]),
    }));
  }
  return [];
}

export const prometheusKind = defineCheckKind({
  name: 'prometheus',
  summary: bi('A PromQL query (instant or over a window) returns a value within a threshold', 'PromQL 查询（瞬时或时间窗口）的值在阈值之内'),
  schema: prometheusSchema,
  facts: {
    value: bi('the first series\' sample as a number (range: its last sample); missing when there is no data or it is NaN', '第一个序列的样本值（区间查询取最后一个样本）；无数据或为 NaN 时不存在'),
    series: bi('every series: { metric, value } or, for a range, { metric, values } (at most 100)', '所有序列：{ metric, value }，区间查询为 { metric, values }（最多 100 个）'),
    series_count: bi('number of series the query returned', '查询返回的序列数'),
    result_type: bi('vector, matrix, scalar or string', 'vector、matrix、scalar 或 string'),
    latency: bi('time for the query to answer, in ms', '查询响应耗时（毫秒）'),
    error: bi('Prometheus errorType, or the connection error code', 'Prometheus 的 errorType，或连接错误码'),
  },
  defaultExpect: ['value exists'],
  defaultTimeoutMs: 10_000,
  secretFields: ['token'],
  describe(spec) {
    const window = spec.range ? ` [last ${formatDuration(durationMs(spec.range.last))}]` : '';
    return `prometheus ${displayUrl(spec.url)} · ${spec.query.replace(/\s+/g, ' ').trim().slice(0, 120)}${window}`;
  },
  async probe(spec, context): Promise<Observation> {
    const where = displayUrl(spec.url);
    if (where === '(invalid URL)') throw new ProbeError(bi('the Prometheus url is not a valid http(s) URL', 'Prometheus url 不是合法的 http(s) URL'));
    const lastMs = spec.range ? durationMs(spec.range.last) : 0;
    const stepMs = spec.range ? (spec.range.step === undefined ? Math.max(1_000, Math.round(lastMs / 60)) : durationMs(spec.range.step)) : 0;
    if (spec.range && (lastMs <= 0 || stepMs <= 0)) throw new ProbeError(bi('range.last and range.step must be longer than 0', 'range.last 和 range.step 必须大于 0'));
    if (spec.range && lastMs / stepMs > 11_000) {
      throw new ProbeError(bi('range.last / range.step exceeds 11,000 points, which Prometheus refuses: use a larger step', 'range.last / range.step 超过 11,000 个点，Prometheus 会拒绝：请增大 step'));
    }

    const started = performance.now();
    const answer = await queryPrometheus(
      {
        url: spec.url,
        query: spec.query,
        ...(spec.range ? { range: { endMs: Date.now(), lastMs, stepMs } } : {}),
        ...(spec.token ? { token: spec.token } : {}),
      },
      context.signal,
    );
    const latency = Math.round(performance.now() - started);

    if (answer.kind === 'unreachable') {
      return {
        facts: { latency, error: answer.code },
        evidence: { url: where, error: answer.code, ...(answer.httpStatus ? { httpStatus: answer.httpStatus } : {}) },
        failure: bi(`Prometheus at ${where} did not answer the query: ${answer.reason.en}`, `Prometheus ${where} 未能回答查询：${answer.reason.zh}`),
      };
    }
    // A query Prometheus cannot parse is a mistake in the plan, not a finding about the system: the check could not run.
    if (answer.kind === 'error' && answer.errorType === 'bad_data') {
      throw new ProbeError(bi(`Prometheus rejected the query (${answer.errorType}): ${answer.error}`, `Prometheus 拒绝了该查询（${answer.errorType}）：${answer.error}`));
    }
    if (answer.kind === 'error') {
      return {
        facts: { latency, error: answer.errorType },
        evidence: { url: where, query: spec.query, httpStatus: answer.httpStatus, errorType: answer.errorType, error: answer.error },
        failure: bi(`Prometheus rejected the query (${answer.errorType}): ${answer.error}`, `Prometheus 拒绝了该查询（${answer.errorType}）：${answer.error}`),
      };
    }

    const { result, warnings } = answer;
    const { value, why } = valueOf(result);
    const series = seriesOf(result);
    const seriesCount = result.resultType === 'vector' || result.resultType === 'matrix' ? result.result.length : 1;
    return {
      facts: {
        result_type: result.resultType,
        series,
        series_count: seriesCount,
        latency,
        error: null,
        ...(value !== undefined ? { value } : {}),
      },
      evidence: {
        url: where,
        query: spec.query,
        ...(spec.range ? { range: { last: formatDuration(lastMs), step: formatDuration(stepMs) } } : {}),
        resultType: result.resultType,
        seriesCount,
        value: value ?? null,
        ...(why ? { noValue: why } : {}),
        series: series.slice(0, 10).map((entry) => ('values' in entry && Array.isArray(entry.values) ? { ...entry, values: entry.values.slice(-5) } : entry)),
        ...(warnings.length ? { warnings } : {}),
        latencyMs: latency,
      },
    };
  },
});
