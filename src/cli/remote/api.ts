/** The routes of `golive serve` the CLI calls, typed by the server's own request schemas and answer types. */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { z } from 'zod';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { GateAnswer, ResultsAnswer, RevokeAnswer, RunDetail, SignAnswer, VerifyAnswer, WaiverAnswer } from '../../server/api-types.js';
import type { resultsBody, revokeBody, signBody, verifyFields, waiverBody } from '../../server/schemas.js';
import type { ApiClient } from './client.js';

const runPath = (runId: string) => `/api/v1/runs/${encodeURIComponent(runId)}`;
const itemPath = (runId: string, itemId: string) => `${runPath(runId)}/items/${encodeURIComponent(itemId)}`;

export const runDetail = (client: ApiClient, runId: string) => client.get<RunDetail>(runPath(runId), ['run', 'view']);

export const gate = (client: ApiClient, runId: string) => client.get<GateAnswer>(`${runPath(runId)}/gate`, ['run', 'score', 'gate', 'auditHead']);

export const uploadResults = (client: ApiClient, runId: string, body: z.input<typeof resultsBody>) => client.post<ResultsAnswer>(`${runPath(runId)}/results`, body, ['run', 'recorded', 'notices']);

export const waive = (client: ApiClient, runId: string, itemId: string, body: z.input<typeof waiverBody>) => client.post<WaiverAnswer>(`${itemPath(runId, itemId)}/waivers`, body, ['waiver', 'notices']);

export const revokeWaivers = (client: ApiClient, runId: string, itemId: string, body: z.input<typeof revokeBody>) => client.post<RevokeAnswer>(`${itemPath(runId, itemId)}/waivers/revoke`, body, ['revoked', 'notices']);

export const sign = (client: ApiClient, runId: string, body: z.input<typeof signBody>) => client.post<SignAnswer>(`${runPath(runId)}/signoffs`, body, ['signoff', 'notices', 'auditHead']);

/** A manual verification; an evidence file is uploaded with it (the server checks its type and size). */
export async function verify(client: ApiClient, runId: string, itemId: string, fields: z.input<typeof verifyFields>, evidenceFile?: { cwd: string; path: string }): Promise<VerifyAnswer> {
  const { FormData } = await import('undici');
  const form = new FormData();
  form.set('status', fields.status);
  if (fields.note !== undefined) form.set('note', fields.note);
  if (evidenceFile) {
    const path = resolve(evidenceFile.cwd, evidenceFile.path);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new GoliveError('usage.evidence', bi(`--evidence: cannot read ${evidenceFile.path}`, `--evidence：无法读取 ${evidenceFile.path}`), { cause });
    }
    form.set('file', new Blob([bytes]), basename(path));
  }
  return client.postForm<VerifyAnswer>(`${itemPath(runId, itemId)}/verify`, form, ['outcome', 'by', 'notices']);
}
