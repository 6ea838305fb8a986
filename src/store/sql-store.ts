import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import { ChainVerifier, hashEntry, keyedMarkerAction } from '../audit/chain.js';
import type { AuditKey } from '../audit/key.js';
import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import type { Plan } from '../plan/schema.js';
import { canonicalJson, sha256 } from '../core/digest.js';
import { resultStatuses, type ResultStatus } from '../core/result.js';
import type { StoreBackend } from './backend.js';
import { migrationProvider, migrations } from './migrations.js';
import type { AuditTable, Database, IncidentTable, JobTable, NotificationTargetTable, ResultTable, RunTable, SignoffTable, UploadTable, WaiverTable } from './schema.js';
import type {
  AuditEntry,
  AuditEvent,
  AuditHead,
  AuditVerification,
  IncidentObservation,
  IncidentRecord,
  FailureStat,
  JobCompletion,
  JobDue,
  JobRecord,
  JobStatus,
  NewJob,
  NewJobCompletion,
  NewRun,
  NewSignoff,
  NewUpload,
  NewWaiver,
  RecordOutcome,
  ResultChange,
  ResultInput,
  RunEntry,
  RunRecord,
  RolloutEventRecord,
  RolloutSave,
  RunSummary,
  SignoffRecord,
  StoredMonitorState,
  StoredNotificationTarget,
  StoredRollout,
  Store,
  StoreCapabilities,
  StoredResult,
  StoreKindName,
  SummaryPolicy,
  UploadRecord,
  WaiverRecord,
  WaiverRevocation,
} from './store.js';
import { monitorHistoryLimit } from './store.js';

type Db = Kysely<Database>;
const migrationTable = 'golive_migration';
const migrationLockTable = 'golive_migration_lock';

/** Brings the schema up to date, refusing a database written by a newer golive. */
export async function migrateToLatest(backend: StoreBackend): Promise<void> {
  const known = new Set(Object.keys(migrations));
  const applied = await appliedMigrations(backend);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new GoliveError(
      'store.newer',
      bi(
        `the database ${backend.location} was written by a newer golive (schema ${unknown.join(', ')}); upgrade golive to use it`,
        `数据库 ${backend.location} 由更新版本的 golive 写入（schema ${unknown.join('、')}）；请升级 golive 后再使用`,
      ),
    );
  }
  if (applied.length === known.size) return;
  await backend.schemaTransaction(async (db) => {
    // Naming the schema matters: Kysely looks for its tables by introspection, which on PostgreSQL sees every schema.
    const migrator = new Migrator({
      db,
      provider: migrationProvider,
      migrationTableName: migrationTable,
      migrationLockTableName: migrationLockTable,
      ...(backend.schema ? { migrationTableSchema: backend.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  }).catch((error: unknown) => {
    throw backend.translateError(error) ?? new GoliveError('store.migrate', bi(`could not update the database schema at ${backend.location}: ${String(error)}`, `无法更新数据库 ${backend.location} 的结构：${String(error)}`), { cause: error });
  });
}

async function appliedMigrations(backend: StoreBackend): Promise<string[]> {
  // Not introspection: on PostgreSQL it lists every schema's tables, including other golive schemas.
  try {
    const rows = await (backend.db as unknown as Kysely<Record<typeof migrationTable, { name: string }>>).selectFrom(migrationTable).select('name').execute();
    return rows.map((row) => row.name);
  } catch (error) {
    if (backend.isMissingTable(error)) return [];
    throw error;
  }
}

/** Opens the shared SQL store over a backend: migrates, binds the audit key, then serves the `Store` contract. */
export async function createSqlStore(backend: StoreBackend, auditKey: AuditKey, policy: SummaryPolicy): Promise<Store> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await migrateToLatest(backend);
      await bindAuditKey(backend, auditKey);
      return new SqlStore(backend, auditKey, policy);
    } catch (error) {
      // Two processes opening a fresh database race to create the schema; the loser retries and finds it done.
      if (attempt < 8 && isRetryableMigrationError(backend, error)) {
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 50));
        continue;
      }
      await backend.destroy().catch(() => undefined);
      throw backend.translateError(error) ?? error;
    }
  }
}

function isRetryableMigrationError(backend: StoreBackend, error: unknown): boolean {
  const inner = error instanceof GoliveError && error.code === 'store.migrate' ? error.cause : error;
  const translated = backend.translateError(inner);
  if (translated?.code === 'store.locked') return true;
  const { code, message } = (inner ?? {}) as { code?: unknown; message?: unknown };
  // PostgreSQL: a concurrent CREATE TABLE of the migration tables (unique_violation, duplicate_table).
  if (code === '23505' || code === '42P07') return true;
  // PostgreSQL: Kysely's migrator lists the tables of *every* schema (has_schema_privilege by name), so another
  // process dropping its own schema (or a table in it) at that moment fails our migration with invalid_schema_name
  // or undefined_table naming *that* schema; ours still exists. The same listing looks columns up by name
  // (pg_get_serial_sequence): a column another schema's migration drops meanwhile fails it with undefined_column,
  // naming the relation without its schema. Our own migrations only add columns, and each attempt starts afresh.
  if (typeof message !== 'string') return false;
  const ours = backend.schema ?? 'public';
  if (code === '3F000') return !message.includes(`"${ours}"`);
  if (code === '42703') return /^column "[^"]+" of relation "[^"]+" does not exist/.test(message);
  return code === '42P01' && /relation "[^"]+\./.test(message) && !message.includes(`"${ours}.`);
}

/** One implementation for every database; the backend supplies the connection, the write lock and error translation. */
class SqlStore implements Store {
  readonly kind: StoreKindName;
  readonly capabilities: StoreCapabilities;
  readonly location: string;
  readonly #backend: StoreBackend;
  readonly #auditKey: AuditKey;
  readonly #policy: SummaryPolicy;
  readonly #plans = new Map<string, Plan>();

  constructor(backend: StoreBackend, auditKey: AuditKey, policy: SummaryPolicy) {
    this.#policy = policy;
    this.#backend = backend;
    this.#auditKey = auditKey;
    this.kind = backend.kind;
    this.capabilities = backend.capabilities;
    this.location = backend.location;
  }

  /** Every public method goes through here: driver errors a person can act on become GoliveErrors. */
  async #guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.#backend.translateError(error) ?? error;
    }
  }

  #write<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return this.#guard(() => this.#backend.writeTransaction(fn));
  }

  /** A transaction without the store's write lock, for bookkeeping the audit trail does not record. */
  #rows<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return this.#guard(() => this.#backend.rowTransaction(fn));
  }

  createRun(input: NewRun): Promise<RunRecord> {
    const now = (input.now ?? new Date()).toISOString();
    const planJson = canonicalJson(input.plan);
    const snapshotId = sha256(planJson);
    return this.#write(async (trx) => {
      await trx
        .insertInto('plan_snapshots')
        .values({ id: snapshotId, plan_name: input.plan.name, plan_json: planJson, source_text: input.source, created_at: now })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
      const prefix = `r-${now.slice(0, 10).replaceAll('-', '')}-`;
      const { count } = await trx.selectFrom('runs').select((eb) => eb.fn.countAll().as('count')).where('id', 'like', `${prefix}%`).executeTakeFirstOrThrow();
      const id = `${prefix}${String(Number(count) + 1).padStart(4, '0')}`;
      const row: RunTable = {
        id,
        plan_name: input.plan.name,
        plan_path: input.planPath,
        environment: input.environment,
        release: input.release,
        status: 'open',
        created_at: now,
        created_by: input.createdBy,
        closed_at: null,
        snapshot_id: snapshotId,
        summary_json: null,
      };
      await trx.insertInto('runs').values(row).execute();
      await appendAudit(trx, this.#auditKey, { at: now, actor: input.createdBy, action: 'run.create', runId: id, subject: input.plan.name, data: { snapshotId, environment: input.environment, release: input.release } });
      this.#plans.set(snapshotId, input.plan);
      const summary = await refreshSummary(trx, this.#policy, id, input.plan, new Date(now));
      return { ...toRunEntry({ ...row, summary_json: JSON.stringify(summary) }), planPath: input.planPath, snapshotId, plan: input.plan };
    });
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    return this.#guard(async () => {
      const row = await this.#backend.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
      return row && this.#toRecord(this.#backend.db, row);
    });
  }

  latestRun(planName: string, options: { readonly openOnly?: boolean } = {}): Promise<RunRecord | undefined> {
    return this.#guard(async () => {
      let query = this.#backend.db.selectFrom('runs').selectAll().where('plan_name', '=', planName);
      if (options.openOnly) query = query.where('status', '=', 'open');
      const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row && this.#toRecord(this.#backend.db, row);
    });
  }

  snapshotSource(snapshotId: string): Promise<string | undefined> {
    return this.#guard(async () => {
      const row = await this.#backend.db.selectFrom('plan_snapshots').select('source_text').where('id', '=', snapshotId).executeTakeFirst();
      return row?.source_text;
    });
  }

  listRuns(options: { readonly planName?: string; readonly limit?: number; readonly before?: string } = {}): Promise<RunEntry[]> {
    return this.#guard(async () => {
      let query = this.#backend.db.selectFrom('runs').selectAll();
      if (options.planName !== undefined) query = query.where('plan_name', '=', options.planName);
      if (options.before !== undefined) query = query.where('created_at', '<', options.before);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 20).execute();
      return rows.map(toRunEntry);
    });
  }

  closeRun(runId: string, actor: string): Promise<void> {
    return this.#write(async (trx) => {
      await this.#openRun(trx, runId);
      const now = new Date().toISOString();
      await trx.updateTable('runs').set({ status: 'closed', closed_at: now }).where('id', '=', runId).execute();
      await appendAudit(trx, this.#auditKey, { at: now, actor, action: 'run.close', runId, subject: null, data: {} });
    });
  }

  recordResult(runId: string, input: ResultInput, actor: string): Promise<RecordOutcome> {
    return this.#write(async (trx) => {
      const { plan } = await this.#openRun(trx, runId, input.result.itemId);
      const now = new Date();
      const current = await trx.selectFrom('results').selectAll().where('run_id', '=', runId).where('item_id', '=', input.result.itemId).executeTakeFirst();
      const row = toResultRow(runId, input, (current?.version ?? 0) + 1, now.toISOString());
      const previousStatus = (current?.status ?? 'pending') as ResultStatus;
      if (current && (input.onlyIfAbsent || sameResult(current, row))) return { changed: false, version: current.version, previousStatus };

      if (current) {
        await trx.updateTable('results').set(row).where('run_id', '=', runId).where('item_id', '=', row.item_id).execute();
      } else {
        await trx.insertInto('results').values(row).execute();
      }
      await trx.insertInto('result_history').values(row).execute();
      await appendAudit(trx, this.#auditKey, {
        at: row.recorded_at,
        actor,
        action: 'result.record',
        runId,
        subject: row.item_id,
        data: { status: row.status, previousStatus, version: row.version, source: row.source, by: row.recorded_by, note: row.note, evidenceRef: row.evidence_ref, evidenceSha256: sha256(row.evidence_json) },
      });
      await refreshSummary(trx, this.#policy, runId, plan, now);
      return { changed: true, version: row.version, previousStatus };
    });
  }

  redactResults(runId: string, redact: <T>(value: T) => T, actor: string): Promise<number> {
    return this.#write(async (trx) => {
      const at = new Date().toISOString();
      let changed = 0;
      for (const table of ['result_history', 'results'] as const) {
        const rows = await trx.selectFrom(table).selectAll().where('run_id', '=', runId).execute();
        for (const row of rows) {
          const evidence = canonicalJson(redact(JSON.parse(row.evidence_json) as unknown));
          const attempts = canonicalJson(redact(JSON.parse(row.attempts_json) as unknown));
          if (evidence === row.evidence_json && attempts === row.attempts_json) continue;
          await trx.updateTable(table).set({ evidence_json: evidence, attempts_json: attempts }).where('run_id', '=', runId).where('item_id', '=', row.item_id).where('version', '=', row.version).execute();
          if (table !== 'results') continue;
          changed += 1;
          // The audited state of the row moves with it, so `audit verify` still matches every current result.
          await appendAudit(trx, this.#auditKey, { at, actor, action: 'result.redact', runId, subject: row.item_id, data: { status: row.status, version: row.version, evidenceSha256: sha256(evidence) } });
        }
      }
      return changed;
    }).then(async (changed) => {
      if (changed > 0) await this.#backend.discardOldPages?.();
      return changed;
    });
  }

  results(runId: string): Promise<StoredResult[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('results').selectAll().where('run_id', '=', runId).orderBy('item_id').execute();
      return rows.map(toStoredResult);
    });
  }

  resultHistory(runId: string, itemId?: string): Promise<ResultChange[]> {
    return this.#guard(async () => {
      let query = this.#backend.db.selectFrom('result_history').selectAll().where('run_id', '=', runId);
      if (itemId !== undefined) query = query.where('item_id', '=', itemId);
      const rows = await query.orderBy('recorded_at').orderBy('item_id').orderBy('version').execute();
      return rows.map((row) => ({ ...toStoredResult(row), runId: row.run_id }));
    });
  }

  addWaiver(runId: string, waiver: NewWaiver): Promise<WaiverRecord> {
    if (Number.isNaN(Date.parse(waiver.expiresAt))) {
      return Promise.reject(new GoliveError('waiver.expires', bi(`waiver expiry "${waiver.expiresAt}" is not a date`, `豁免到期时间 "${waiver.expiresAt}" 不是有效日期`)));
    }
    return this.#write(async (trx) => {
      const { plan } = await this.#openRun(trx, runId, waiver.itemId);
      // Waivers are listed oldest first: two granted in the same millisecond still get distinct, ordered times.
      const latest = await trx.selectFrom('waivers').select((eb) => eb.fn.max('created_at').as('at')).where('run_id', '=', runId).executeTakeFirst();
      const latestMs = latest?.at ? Date.parse(String(latest.at)) : Number.NEGATIVE_INFINITY;
      const now = new Date(Math.max(Date.now(), latestMs + 1));
      const row: WaiverTable = {
        id: `w-${randomBytes(5).toString('hex')}`,
        run_id: runId,
        item_id: waiver.itemId,
        reason: waiver.reason,
        approver: waiver.approver,
        expires_at: new Date(waiver.expiresAt).toISOString(),
        created_at: now.toISOString(),
        created_by: waiver.createdBy,
        revoked_at: null,
      };
      await trx.insertInto('waivers').values(row).execute();
      await appendAudit(trx, this.#auditKey, { at: row.created_at, actor: waiver.createdBy, action: 'waiver.add', runId, subject: waiver.itemId, data: { id: row.id, reason: row.reason, approver: row.approver, expiresAt: row.expires_at } });
      await refreshSummary(trx, this.#policy, runId, plan, now);
      return toWaiver(row);
    });
  }

  revokeWaivers(runId: string, revocation: WaiverRevocation): Promise<WaiverRecord[]> {
    return this.#write(async (trx) => {
      const { plan } = await this.#openRun(trx, runId, revocation.itemId);
      const now = revocation.now ?? new Date();
      const at = now.toISOString();
      const active = (await trx.selectFrom('waivers').selectAll().where('run_id', '=', runId).where('item_id', '=', revocation.itemId).where('revoked_at', 'is', null).orderBy('created_at').orderBy('id').execute()).filter(
        (row) => Date.parse(row.expires_at) > now.getTime(),
      );
      if (active.length === 0) {
        throw new GoliveError(
          'waiver.none',
          bi(`${revocation.itemId} has no waiver in force in run ${runId}: nothing to revoke`, `运行 ${runId} 中 ${revocation.itemId} 没有生效的豁免，无需撤销`),
        );
      }
      const ids = active.map((row) => row.id);
      await trx.updateTable('waivers').set({ revoked_at: at }).where('id', 'in', ids).execute();
      await appendAudit(trx, this.#auditKey, { at, actor: revocation.by, action: 'waiver.revoke', runId, subject: revocation.itemId, data: { ids, reason: revocation.reason } });
      await refreshSummary(trx, this.#policy, runId, plan, now);
      return active.map((row) => toWaiver({ ...row, revoked_at: at }));
    });
  }

  waivers(runId: string): Promise<WaiverRecord[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('waivers').selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toWaiver);
    });
  }

  addSignoff(runId: string, signoff: NewSignoff): Promise<SignoffRecord> {
    return this.#write(async (trx) => {
      const { plan } = await this.#openRun(trx, runId);
      const roles = (plan.roles ?? []).map((role) => role.id);
      if (!roles.includes(signoff.role)) {
        throw new GoliveError(
          'signoff.role',
          bi(`role "${signoff.role}" is not in the plan; its roles are: ${roles.join(', ') || '(none)'}`, `计划中没有角色 "${signoff.role}"；已有角色：${roles.join('、') || '（无）'}`),
        );
      }
      const now = signoff.now ?? new Date();
      const results = (await trx.selectFrom('results').selectAll().where('run_id', '=', runId).execute()).map(toStoredResult);
      const waivers = (await trx.selectFrom('waivers').selectAll().where('run_id', '=', runId).execute()).map(toWaiver);
      const signed = this.#policy.signed({ plan, results, waivers }, now);
      const row: SignoffTable = {
        id: `s-${randomBytes(5).toString('hex')}`,
        run_id: runId,
        role: signoff.role,
        signed_by: signoff.by,
        signed_at: now.toISOString(),
        score: signed.score,
        result_digest: signed.resultDigest,
        blockers_json: JSON.stringify(signed.blockers),
        comment: signoff.comment ?? null,
      };
      await trx.insertInto('signoffs').values(row).execute();
      await appendAudit(trx, this.#auditKey, { at: row.signed_at, actor: signoff.by, action: 'signoff.add', runId, subject: signoff.role, data: { id: row.id, score: row.score, resultDigest: row.result_digest, blockers: JSON.parse(row.blockers_json), ...(row.comment ? { comment: row.comment } : {}) } });
      await refreshSummary(trx, this.#policy, runId, plan, now);
      return toSignoff(row);
    });
  }

  signoffs(runId: string): Promise<SignoffRecord[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('signoffs').selectAll().where('run_id', '=', runId).orderBy('signed_at').orderBy('id').execute();
      return rows.map(toSignoff);
    });
  }

  addSecretFingerprints(runId: string, fingerprints: readonly string[]): Promise<void> {
    if (fingerprints.length === 0) return Promise.resolve();
    return this.#write(async (trx) => {
      await trx
        .insertInto('run_secrets')
        .values(fingerprints.map((fingerprint) => ({ run_id: runId, fingerprint })))
        .onConflict((conflict) => conflict.columns(['run_id', 'fingerprint']).doNothing())
        .execute();
    });
  }

  secretFingerprints(runId: string): Promise<string[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('run_secrets').select('fingerprint').where('run_id', '=', runId).execute();
      return rows.map((row) => row.fingerprint);
    });
  }

  recordUpload(runId: string, upload: NewUpload): Promise<UploadRecord> {
    return this.#write(async (trx) => {
      await this.#openRun(trx, runId);
      const row: UploadTable = {
        id: `u-${randomBytes(5).toString('hex')}`,
        run_id: runId,
        appid: upload.appid,
        version: upload.version,
        description: upload.description,
        robot: upload.robot,
        size_bytes: upload.sizeBytes,
        packages_json: JSON.stringify(upload.packages),
        uploaded_by: upload.by,
        uploaded_at: (upload.now ?? new Date()).toISOString(),
        forced_reason: upload.forced?.reason ?? null,
      };
      await trx.insertInto('uploads').values(row).execute();
      await appendAudit(trx, this.#auditKey, {
        at: row.uploaded_at,
        actor: upload.by,
        action: 'miniprogram.upload',
        runId,
        subject: upload.version,
        data: { id: row.id, appid: row.appid, version: row.version, description: row.description, robot: row.robot, sizeBytes: row.size_bytes, packages: upload.packages, forced: upload.forced },
      });
      return toUpload(row);
    });
  }

  uploads(runId: string): Promise<UploadRecord[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('uploads').selectAll().where('run_id', '=', runId).orderBy('uploaded_at').orderBy('id').execute();
      return rows.map(toUpload);
    });
  }

  failureStats(planName: string, options: { readonly beforeRunId?: string; readonly lastRuns: number }): Promise<FailureStat[]> {
    return this.#guard(async () => {
      const db = this.#backend.db;
      let runsQuery = db.selectFrom('runs').select('id').where('plan_name', '=', planName);
      const beforeRunId = options.beforeRunId;
      if (beforeRunId !== undefined) {
        runsQuery = runsQuery.where((eb) => eb('created_at', '<', eb.selectFrom('runs as before').select('before.created_at').where('before.id', '=', beforeRunId)));
      }
      const runs = await runsQuery.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.lastRuns).execute();
      if (runs.length === 0) return [];
      const rows = await db
        .selectFrom('results')
        .select(['item_id', (eb) => eb.fn.countAll().as('failed')])
        .where('run_id', 'in', runs.map((run) => run.id))
        .where('status', 'in', ['fail', 'error'])
        .groupBy('item_id')
        .orderBy('item_id')
        .execute();
      return rows.map((row) => ({ itemId: row.item_id, failed: Number(row.failed), of: runs.length }));
    });
  }

  auditEntries(options: { readonly runId?: string; readonly afterSeq?: number; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    return this.#guard(async () => {
      let query = this.#backend.db.selectFrom('audit_log').selectAll();
      if (options.runId !== undefined) query = query.where('run_id', '=', options.runId);
      if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
      const rows = await query.orderBy('seq').limit(options.limit ?? 1000).execute();
      return rows.map(toAuditEntry);
    });
  }

  auditHead(): Promise<AuditHead> {
    return this.#guard(() => this.#backend.readAuditHead());
  }

  adoptLegacyAudit(actor: string): Promise<AuditHead> {
    return this.#write(async (trx) => {
      const head = await trx.selectFrom('audit_head').select('key_id').where('id', '=', 1).executeTakeFirstOrThrow();
      if (head.key_id !== null) {
        throw new GoliveError('audit.already-keyed', bi(`the audit trail in ${this.location} is keyed already; nothing to adopt`, `${this.location} 的审计记录已加密钥，无需接管`));
      }
      return adoptLegacyTrail(trx, this.#auditKey, actor);
    });
  }

  verifyAudit(): Promise<AuditVerification> {
    return this.#guard(async () => {
      const db = this.#backend.db;
      const marker = await db.selectFrom('audit_log').select('seq').where('action', '=', keyedMarkerAction).orderBy('seq').limit(1).executeTakeFirst();
      const verifier = new ChainVerifier(this.#auditKey, marker ? Number(marker.seq) : 1);
      // The last audited state of every result, to catch rows edited behind golive's back.
      const audited = new Map<string, { version: number; status: string; evidenceSha256: string }>();
      let afterSeq = 0;
      for (;;) {
        const page = await this.auditEntries({ afterSeq, limit: 5_000 });
        for (const entry of page) {
          verifier.add(entry);
          if ((entry.action === 'result.record' || entry.action === 'result.redact') && entry.runId && entry.subject) {
            const data = entry.data as { version: number; status: string; evidenceSha256: string };
            audited.set(`${entry.runId}\u0000${entry.subject}`, { version: data.version, status: data.status, evidenceSha256: data.evidenceSha256 });
          }
        }
        if (page.length < 5_000) break;
        afterSeq = page[page.length - 1]?.seq ?? afterSeq;
      }
      const head = await db.selectFrom('audit_head').select(['seq', 'hash', 'key_id']).where('id', '=', 1).executeTakeFirstOrThrow();
      verifier.finish({ seq: Number(head.seq), hash: head.hash });

      const problems = [...(head.key_id === this.#auditKey.id ? [] : [keyProblem(this.location, head.key_id, this.#auditKey)]), ...verifier.problems];
      let after = { run: '', item: '' };
      for (;;) {
        const rows = await this.#backend.db
          .selectFrom('results')
          .select(['run_id', 'item_id', 'status', 'version', 'evidence_json'])
          .where((eb) => eb.or([eb('run_id', '>', after.run), eb.and([eb('run_id', '=', after.run), eb('item_id', '>', after.item)])]))
          .orderBy('run_id')
          .orderBy('item_id')
          .limit(5_000)
          .execute();
        for (const row of rows) {
          const key = `${row.run_id}\u0000${row.item_id}`;
          const expected = audited.get(key);
          audited.delete(key);
          if (!expected || expected.version !== Number(row.version) || expected.status !== row.status || expected.evidenceSha256 !== sha256(row.evidence_json)) {
            problems.push({
              en: `result ${row.item_id} of run ${row.run_id} differs from its audit trail (changed outside golive)`,
              zh: `运行 ${row.run_id} 中 ${row.item_id} 的结果与审计记录不符（在 golive 之外被修改）`,
            });
          }
        }
        const last = rows[rows.length - 1];
        if (!last || rows.length < 5_000) break;
        after = { run: last.run_id, item: last.item_id };
      }
      for (const key of audited.keys()) {
        const [runId, itemId] = key.split('\u0000');
        problems.push({ en: `result ${itemId} of run ${runId} is in the audit trail but missing from the results (deleted)`, zh: `运行 ${runId} 中 ${itemId} 的结果在审计记录中存在，但已从结果中删除` });
      }
      return { ok: problems.length === 0, entries: verifier.entries, problems };
    });
  }

  recordEvent(event: AuditEvent): Promise<AuditHead> {
    return this.#write(async (trx) => {
      if (event.runId !== null && !(await trx.selectFrom('runs').select('id').where('id', '=', event.runId).executeTakeFirst())) {
        throw new GoliveError('run.missing', bi(`no run ${event.runId} in ${this.location}`, `${this.location} 中没有运行 ${event.runId}`));
      }
      return appendAudit(trx, this.#auditKey, { at: (event.now ?? new Date()).toISOString(), actor: event.actor, action: event.action, runId: event.runId, subject: event.subject, data: event.data });
    });
  }

  transitionIncident(observation: IncidentObservation): Promise<'alert' | 'resolved' | 'none'> {
    return this.#write(async (trx) => {
      const now = (observation.now ?? new Date()).toISOString();
      const claim = new Date(Date.parse(now) + (observation.leaseMs ?? 120_000)).toISOString();
      const key = { incident_key: observation.key, target: observation.target };
      const row = await trx.selectFrom('incidents').selectAll().where('incident_key', '=', key.incident_key).where('target', '=', key.target).executeTakeFirst();
      const claimFree = !row?.claim_until || row.claim_until <= now;
      const update = (values: Partial<IncidentTable>) => trx.updateTable('incidents').set(values).where('incident_key', '=', key.incident_key).where('target', '=', key.target).execute();
      if (observation.firing) {
        if (!row) {
          await trx.insertInto('incidents').values({ ...key, state: 'firing', opened_at: now, resolved_at: null, alerted_at: null, resolved_sent_at: null, claim_until: claim, alerts_sent: 0 }).execute();
          return 'alert';
        }
        if (row.state === 'resolved') {
          // Cleared and back before its "resolved" went out: the same incident goes on, nobody needs a second alert.
          if (row.alerted_at !== null && row.resolved_sent_at === null) {
            await update({ state: 'firing', resolved_at: null });
            return 'none';
          }
          await update({ state: 'firing', opened_at: now, resolved_at: null, alerted_at: null, resolved_sent_at: null, claim_until: claim });
          return 'alert';
        }
        if (row.alerted_at !== null || !claimFree) return 'none';
        await update({ claim_until: claim });
        return 'alert';
      }
      if (!row) return 'none';
      if (row.state === 'firing') {
        await update({ state: 'resolved', resolved_at: now, ...(row.alerted_at !== null && claimFree ? { claim_until: claim } : {}) });
        return row.alerted_at !== null && claimFree ? 'resolved' : 'none';
      }
      if (row.alerted_at === null || row.resolved_sent_at !== null || !claimFree) return 'none';
      await update({ claim_until: claim });
      return 'resolved';
    });
  }

  settleIncident(settlement: { readonly key: string; readonly target: string; readonly message: 'alert' | 'resolved'; readonly delivered: boolean; readonly now?: Date }): Promise<void> {
    return this.#write(async (trx) => {
      const now = (settlement.now ?? new Date()).toISOString();
      const sent = settlement.delivered ? (settlement.message === 'alert' ? { alerted_at: now, alerts_sent: sql<number>`alerts_sent + 1` } : { resolved_sent_at: now }) : {};
      await trx.updateTable('incidents').set({ ...sent, claim_until: null }).where('incident_key', '=', settlement.key).where('target', '=', settlement.target).execute();
    });
  }

  incidents(options: { readonly firingOnly?: boolean; readonly keys?: readonly string[] } = {}): Promise<IncidentRecord[]> {
    if (options.keys?.length === 0) return Promise.resolve([]);
    return this.#guard(async () => {
      let query = this.#backend.db.selectFrom('incidents').selectAll();
      if (options.firingOnly) query = query.where('state', '=', 'firing');
      if (options.keys) query = query.where('incident_key', 'in', [...options.keys]);
      const rows = await query.orderBy('opened_at', 'desc').orderBy('incident_key').orderBy('target').execute();
      return rows.map((row) => ({
        key: row.incident_key,
        target: row.target,
        state: row.state as IncidentRecord['state'],
        openedAt: row.opened_at,
        resolvedAt: row.resolved_at,
        alertedAt: row.alerted_at,
        resolvedSentAt: row.resolved_sent_at,
        alertsSent: Number(row.alerts_sent),
      }));
    });
  }

  projectNotificationTargets(planName: string): Promise<StoredNotificationTarget[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db
        .selectFrom('notification_targets')
        .innerJoin('plans', 'plans.project_id', 'notification_targets.project_id')
        .selectAll('notification_targets')
        .where('plans.plan_name', '=', planName)
        .orderBy('notification_targets.id')
        .execute();
      return rows.map(toStoredTarget);
    });
  }

  rollout(runId: string): Promise<StoredRollout | undefined> {
    return this.#guard(async () => {
      const row = await this.#backend.db.selectFrom('rollouts').selectAll().where('run_id', '=', runId).executeTakeFirst();
      return row && { state: JSON.parse(row.state_json) as Record<string, unknown>, version: Number(row.version), updatedAt: row.updated_at };
    });
  }

  saveRollout(runId: string, save: RolloutSave): Promise<number> {
    return this.#write(async (trx) => {
      const run = await trx.selectFrom('runs').select('id').where('id', '=', runId).executeTakeFirst();
      if (!run) throw new GoliveError('run.missing', bi(`no run ${runId} in ${this.location}`, `${this.location} 中没有运行 ${runId}`));
      const current = await trx.selectFrom('rollouts').select('version').where('run_id', '=', runId).executeTakeFirst();
      const currentVersion = current ? Number(current.version) : null;
      if (currentVersion !== save.expectedVersion) {
        throw new GoliveError(
          'rollout.conflict',
          bi(`the rollout of ${runId} changed meanwhile (version ${currentVersion ?? 'none'}, expected ${save.expectedVersion ?? 'none'})`, `${runId} 的灰度状态已被他人修改（版本 ${currentVersion ?? '无'}，期望 ${save.expectedVersion ?? '无'}）`),
        );
      }
      const version = (currentVersion ?? 0) + 1;
      const updatedAt = new Date().toISOString();
      const stateJson = canonicalJson(save.state);
      if (current) await trx.updateTable('rollouts').set({ state_json: stateJson, version, updated_at: updatedAt }).where('run_id', '=', runId).execute();
      else await trx.insertInto('rollouts').values({ run_id: runId, state_json: stateJson, version, updated_at: updatedAt }).execute();
      const last = await trx.selectFrom('rollout_events').select((eb) => eb.fn.max('seq').as('seq')).where('run_id', '=', runId).executeTakeFirst();
      let seq = Number(last?.seq ?? 0);
      for (const happened of save.events) {
        seq += 1;
        await trx
          .insertInto('rollout_events')
          .values({ run_id: runId, seq, at: happened.at, type: happened.type, actor: happened.by, message_json: canonicalJson(happened.message), data_json: canonicalJson(happened.data) })
          .execute();
        await appendAudit(trx, this.#auditKey, { at: happened.at, actor: happened.by, action: `rollout.${happened.type}`, runId, subject: null, data: { message: happened.message.en, ...happened.data } });
      }
      return version;
    });
  }

  rolloutEvents(runId: string): Promise<RolloutEventRecord[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('rollout_events').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        at: row.at,
        type: row.type,
        by: row.actor,
        message: JSON.parse(row.message_json) as Bilingual,
        data: JSON.parse(row.data_json) as Record<string, unknown>,
      }));
    });
  }

  monitorStates(runId: string): Promise<StoredMonitorState[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('monitor_states').selectAll().where('run_id', '=', runId).orderBy('monitor_id').execute();
      return rows.map((row) => ({ monitorId: row.monitor_id, state: JSON.parse(row.state_json) as Record<string, unknown>, version: Number(row.version), updatedAt: row.updated_at }));
    });
  }

  monitorHistory(runId: string): Promise<StoredMonitorState[]> {
    return this.#guard(async () => {
      const rows = await this.#backend.db.selectFrom('monitor_state_history').selectAll().where('run_id', '=', runId).orderBy('monitor_id').orderBy('version').execute();
      return rows.map((row) => ({ monitorId: row.monitor_id, state: JSON.parse(row.state_json) as Record<string, unknown>, version: Number(row.version), updatedAt: row.saved_at }));
    });
  }

  saveMonitorState(runId: string, monitorId: string, save: { readonly state: Readonly<Record<string, unknown>>; readonly expectedVersion: number | null }): Promise<number> {
    return this.#write(async (trx) => {
      const run = await trx.selectFrom('runs').select('id').where('id', '=', runId).executeTakeFirst();
      if (!run) throw new GoliveError('run.missing', bi(`no run ${runId} in ${this.location}`, `${this.location} 中没有运行 ${runId}`));
      const current = await trx.selectFrom('monitor_states').select('version').where('run_id', '=', runId).where('monitor_id', '=', monitorId).executeTakeFirst();
      const currentVersion = current ? Number(current.version) : null;
      if (currentVersion !== save.expectedVersion) {
        throw new GoliveError(
          'monitor.conflict',
          bi(`monitor ${monitorId} of ${runId} changed meanwhile (version ${currentVersion ?? 'none'}, expected ${save.expectedVersion ?? 'none'})`, `${runId} 的监控项 ${monitorId} 已被他人修改（版本 ${currentVersion ?? '无'}，期望 ${save.expectedVersion ?? '无'}）`),
        );
      }
      const version = (currentVersion ?? 0) + 1;
      const values = { state_json: canonicalJson(save.state), version, updated_at: new Date().toISOString() };
      if (current) await trx.updateTable('monitor_states').set(values).where('run_id', '=', runId).where('monitor_id', '=', monitorId).execute();
      else await trx.insertInto('monitor_states').values({ run_id: runId, monitor_id: monitorId, ...values }).execute();
      // The history ring, in the same transaction: it never disagrees with the state.
      await trx.insertInto('monitor_state_history').values({ run_id: runId, monitor_id: monitorId, version, state_json: values.state_json, saved_at: values.updated_at }).execute();
      await trx.deleteFrom('monitor_state_history').where('run_id', '=', runId).where('monitor_id', '=', monitorId).where('version', '<=', version - monitorHistoryLimit).execute();
      return version;
    });
  }

  enqueueJobs(jobs: readonly NewJob[]): Promise<number> {
    return this.#write((trx) => insertJobs(trx, jobs));
  }

  scheduleJobs<T extends { readonly jobs: readonly NewJob[] }>(scope: { readonly queue: string; readonly runId: string }, plan: (existing: readonly JobRecord[]) => T): Promise<T & { readonly added: number }> {
    return this.#write(async (trx) => {
      const existing = await trx.selectFrom('jobs').selectAll().where('queue', '=', scope.queue).where('run_id', '=', scope.runId).orderBy('due_at').orderBy('id').execute();
      const planned = plan(existing.map(toJob));
      return { ...planned, added: await insertJobs(trx, planned.jobs) };
    });
  }

  claimJob(worker: string, now: Date, leaseMs: number, queues: readonly string[]): Promise<JobRecord | undefined> {
    if (queues.length === 0) return Promise.resolve(undefined);
    const at = now.toISOString();
    return this.#write(async (trx) => {
      const row = await trx
        .selectFrom('jobs')
        .selectAll()
        .where('queue', 'in', [...queues])
        .where('due_at', '<=', at)
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', at)])]))
        .orderBy('due_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!row) return undefined;
      const claimed = { ...row, status: 'running', worker, lease_until: new Date(now.getTime() + leaseMs).toISOString(), attempts: Number(row.attempts) + 1 };
      await trx.updateTable('jobs').set({ status: claimed.status, worker, lease_until: claimed.lease_until, attempts: claimed.attempts }).where('id', '=', row.id).execute();
      return toJob(claimed);
    });
  }

  extendJobLease(id: string, worker: string, attempt: number, until: Date): Promise<boolean> {
    return this.#write(async (trx) => {
      const result = await trx
        .updateTable('jobs')
        .set({ lease_until: until.toISOString() })
        .where('id', '=', id)
        .where('worker', '=', worker)
        .where('attempts', '=', attempt)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  finishJob(id: string, worker: string, attempt: number, outcome: { readonly status: 'done' | 'failed'; readonly result: Readonly<Record<string, unknown>> }): Promise<boolean> {
    return this.#write(async (trx) => {
      const result = await trx
        .updateTable('jobs')
        .set({ status: outcome.status, finished_at: new Date().toISOString(), result_json: canonicalJson(outcome.result), lease_until: null })
        .where('id', '=', id)
        .where('worker', '=', worker)
        .where('attempts', '=', attempt)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  jobs(filter: { readonly queue: string; readonly runId?: string; readonly statuses?: readonly JobStatus[] }): Promise<JobRecord[]> {
    if (filter.statuses?.length === 0) return Promise.resolve([]);
    return this.#guard(async () => {
      let query = this.#backend.db.selectFrom('jobs').selectAll().where('queue', '=', filter.queue);
      if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
      if (filter.statuses) query = query.where('status', 'in', [...filter.statuses]);
      return (await query.orderBy('due_at').orderBy('id').execute()).map(toJob);
    });
  }

  countOpenJobs(queues: readonly string[]): Promise<number> {
    if (queues.length === 0) return Promise.resolve(0);
    return this.#guard(async () => {
      const row = await this.#backend.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll().as('open'))
        .where('queue', 'in', [...queues])
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow();
      return Number(row.open);
    });
  }

  dispatchJobs(now: Date, queues: readonly string[], limit: number, send: (jobs: readonly JobRecord[]) => Promise<void>): Promise<number> {
    if (queues.length === 0) return Promise.resolve(0);
    return this.#rows(async (trx) => {
      const due = trx
        .selectFrom('jobs')
        .selectAll()
        .where('status', '=', 'queued')
        .where('due_at', '<=', now.toISOString())
        .where('dispatched_at', 'is', null)
        .where('queue', 'in', [...queues])
        .orderBy('due_at')
        .orderBy('id')
        .limit(limit);
      const jobs = (await (this.#backend.skipLocked ? due.forUpdate().skipLocked() : due).execute()).map(toJob);
      if (jobs.length === 0) return 0;
      await send(jobs);
      await trx
        .updateTable('jobs')
        .set({ dispatched_at: new Date().toISOString() })
        .where('id', 'in', jobs.map((job) => job.id))
        .execute();
      return jobs.length;
    });
  }

  startJob(id: string, worker: string): Promise<void> {
    return this.#rows(async (trx) => {
      await trx
        .updateTable('jobs')
        .set((eb) => ({ status: 'running', worker, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .execute();
    });
  }

  jobCompletion(due: JobDue): Promise<JobCompletion | undefined> {
    return this.#guard(async () => {
      const row = await this.#backend.db
        .selectFrom('job_completions')
        .selectAll()
        .where('type', '=', due.type)
        .where('key', '=', due.key)
        .where('due_at', '=', new Date(due.dueAt).toISOString())
        .executeTakeFirst();
      return row && { type: row.type, key: row.key, dueAt: row.due_at, jobId: row.job_id, status: row.status as JobCompletion['status'], worker: row.worker, finishedAt: row.finished_at };
    });
  }

  completeJob(completion: NewJobCompletion): Promise<boolean> {
    const finishedAt = new Date().toISOString();
    return this.#rows(async (trx) => {
      // The completion's primary key is the guard: a second finisher waits for the first one's row lock, then inserts nothing.
      const inserted = await trx
        .insertInto('job_completions')
        .values({ type: completion.type, key: completion.key, due_at: new Date(completion.dueAt).toISOString(), job_id: completion.jobId, status: completion.outcome.status, worker: completion.worker, finished_at: finishedAt })
        .onConflict((conflict) => conflict.columns(['type', 'key', 'due_at']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return false;
      if (completion.jobId !== null) {
        await trx
          .updateTable('jobs')
          .set({ status: completion.outcome.status, worker: completion.worker, finished_at: finishedAt, result_json: canonicalJson(completion.outcome.result), lease_until: null })
          .where('id', '=', completion.jobId)
          .execute();
      }
      return true;
    });
  }

  close(): Promise<void> {
    return this.#backend.destroy();
  }

  async #planOf(db: Db, snapshotId: string): Promise<Plan> {
    const cached = this.#plans.get(snapshotId);
    if (cached) return cached;
    const row = await db.selectFrom('plan_snapshots').select('plan_json').where('id', '=', snapshotId).executeTakeFirstOrThrow();
    const plan = JSON.parse(row.plan_json) as Plan;
    this.#plans.set(snapshotId, plan);
    return plan;
  }

  async #toRecord(db: Db, row: RunTable): Promise<RunRecord> {
    return { ...toRunEntry(row), planPath: row.plan_path, snapshotId: row.snapshot_id, plan: await this.#planOf(db, row.snapshot_id) };
  }

  /** The run, which must exist and be open; with `itemId`, the item must be in its plan. */
  async #openRun(trx: Db, runId: string, itemId?: string): Promise<{ row: RunTable; plan: Plan }> {
    const row = await trx.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    if (!row) throw new GoliveError('run.missing', bi(`no run ${runId} in ${this.location}`, `${this.location} 中没有运行 ${runId}`));
    if (row.status !== 'open') throw new GoliveError('run.closed', bi(`run ${runId} is closed; start a new run`, `运行 ${runId} 已关闭；请开始新的运行`));
    const plan = await this.#planOf(trx, row.snapshot_id);
    if (itemId !== undefined && !plan.items.some((item) => item.id === itemId)) {
      throw new GoliveError('run.unknown-item', bi(`item "${itemId}" is not in the plan of run ${runId}`, `运行 ${runId} 的计划中没有检查项 "${itemId}"`));
    }
    return { row, plan };
  }
}

/** Appends one entry to the hash chain inside the caller's write transaction (the server's account changes use it too). */
export async function appendAudit(trx: Db, key: AuditKey, entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): Promise<AuditHead> {
  const head = await trx.selectFrom('audit_head').select(['seq', 'hash', 'key_id']).where('id', '=', 1).executeTakeFirstOrThrow();
  // Writing with another key would leave a trail nobody can verify: refuse instead.
  if (head.key_id !== key.id) throw new GoliveError(head.key_id === null ? 'audit.unkeyed' : 'audit.key-mismatch', keyProblem('the database', head.key_id, key));
  const seq = Number(head.seq) + 1;
  const hash = hashEntry(head.hash, { ...entry, seq }, key.bytes);
  await trx
    .insertInto('audit_log')
    .values({ seq, at: entry.at, actor: entry.actor, action: entry.action, run_id: entry.runId, subject: entry.subject, data_json: canonicalJson(entry.data), prev_hash: head.hash, hash })
    .execute();
  await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
  return { seq, hash };
}

/**
 * Records on open which key the chain is written with. A trail written by an older, unkeyed golive is
 * keyed only on the open that creates the key; with a key that existed before, an unkeyed trail may be a
 * rewrite, so writes are refused until a person runs `golive audit adopt`.
 */
async function bindAuditKey(backend: StoreBackend, key: AuditKey): Promise<void> {
  const head = await backend.db.selectFrom('audit_head').select('key_id').where('id', '=', 1).executeTakeFirstOrThrow();
  if (head.key_id !== null) return;
  await backend.writeTransaction(async (trx) => {
    const current = await trx.selectFrom('audit_head').select(['seq', 'key_id']).where('id', '=', 1).executeTakeFirstOrThrow();
    if (current.key_id !== null) return;
    const last = await trx.selectFrom('audit_log').selectAll().where('seq', '=', current.seq).executeTakeFirst();
    // Nothing written yet, or already keyed with this key (only the head's mark was lost): bind.
    if (!last || hashEntry(last.prev_hash, toAuditEntry(last), key.bytes) === last.hash) {
      await trx.updateTable('audit_head').set({ key_id: key.id }).where('id', '=', 1).execute();
      return;
    }
    if (key.created) await adoptLegacyTrail(trx, key, 'golive');
  });
}

/** Keys a legacy trail: checks it as it is, then appends the `audit.keyed` marker that records what it found. */
async function adoptLegacyTrail(trx: Db, key: AuditKey, actor: string): Promise<AuditHead> {
  const verifier = new ChainVerifier(key, Number.POSITIVE_INFINITY);
  for (let afterSeq = 0; ; ) {
    const page = (await trx.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(5_000).execute()).map(toAuditEntry);
    for (const entry of page) verifier.add(entry);
    const last = page[page.length - 1];
    if (!last || page.length < 5_000) break;
    afterSeq = last.seq;
  }
  const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  verifier.finish({ seq: Number(head.seq), hash: head.hash });
  await trx.updateTable('audit_head').set({ key_id: key.id }).where('id', '=', 1).execute();
  return appendAudit(trx, key, {
    at: new Date().toISOString(),
    actor,
    action: keyedMarkerAction,
    runId: null,
    subject: null,
    data: { keyId: key.id, legacyEntries: verifier.entries, legacyHead: head.hash, legacyIntact: verifier.problems.length === 0, legacyProblems: verifier.problems.map((problem) => problem.en) },
  });
}

function keyProblem(location: string, recordedKeyId: string | null, key: AuditKey): Bilingual {
  return recordedKeyId === null
    ? bi(
        `the audit trail in ${location} is not keyed although an audit key exists (${key.source}): if an older golive wrote it, run \`golive audit adopt\` once; otherwise it may have been rewritten`,
        `${location} 的审计记录尚未加密钥，但审计密钥已存在（${key.source}）：若由旧版 golive 写入，请运行一次 \`golive audit adopt\`；否则记录可能已被改写`,
      )
    : bi(
        `the audit trail in ${location} was written with another audit key (key id ${recordedKeyId}; the key from ${key.source} is ${key.id}): set GOLIVE_AUDIT_KEY or restore .golive/audit.key`,
        `${location} 的审计记录使用另一把审计密钥写入（密钥 ID ${recordedKeyId}；来自 ${key.source} 的密钥为 ${key.id}）：请设置 GOLIVE_AUDIT_KEY 或恢复 .golive/audit.key`,
      );
}

function toAuditEntry(row: AuditTable): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    runId: row.run_id,
    subject: row.subject,
    data: JSON.parse(row.data_json) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Recomputes score and gate from the committed state inside the writer's transaction, so they never drift. */
async function refreshSummary(trx: Db, policy: SummaryPolicy, runId: string, plan: Plan, now: Date): Promise<RunSummary> {
  const results = (await trx.selectFrom('results').select(['item_id', 'status']).where('run_id', '=', runId).execute()).map((row) => ({ itemId: row.item_id, status: row.status as ResultStatus }));
  const waivers = (await trx.selectFrom('waivers').selectAll().where('run_id', '=', runId).execute()).map(toWaiver);
  const signoffs = (await trx.selectFrom('signoffs').selectAll().where('run_id', '=', runId).execute()).map(toSignoff);
  const { score, gatePassed, reasons } = policy.summarize({ plan, results, waivers, signoffs }, now);
  const counts = Object.fromEntries(resultStatuses.map((status) => [status, 0])) as Record<ResultStatus, number>;
  const byItem = new Map(results.map((result) => [result.itemId, result.status]));
  for (const item of plan.items) counts[byItem.get(item.id) ?? 'pending'] += 1;
  const summary: RunSummary = { score, gatePassed, reasons, counts, computedAt: now.toISOString() };
  await trx.updateTable('runs').set({ summary_json: JSON.stringify(summary) }).where('id', '=', runId).execute();
  return summary;
}

function toResultRow(runId: string, input: ResultInput, version: number, recordedAt: string): ResultTable {
  const { result } = input;
  return {
    run_id: runId,
    item_id: result.itemId,
    status: result.status,
    evidence_json: canonicalJson(result.evidence),
    duration_ms: Math.round(result.durationMs),
    attempts_json: canonicalJson(result.attempts),
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    source: input.source,
    recorded_by: input.by ?? null,
    note: input.note ?? null,
    evidence_ref: input.evidenceRef ?? null,
    version,
    recorded_at: recordedAt,
  };
}

function sameResult(current: ResultTable, next: ResultTable): boolean {
  const fields = ['status', 'evidence_json', 'attempts_json', 'started_at', 'finished_at', 'source', 'recorded_by', 'note', 'evidence_ref'] as const;
  return fields.every((field) => current[field] === next[field]);
}

function toStoredResult(row: ResultTable): StoredResult {
  return {
    itemId: row.item_id,
    status: row.status as ResultStatus,
    evidence: JSON.parse(row.evidence_json) as StoredResult['evidence'],
    durationMs: Number(row.duration_ms),
    attempts: JSON.parse(row.attempts_json) as StoredResult['attempts'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    source: row.source as StoredResult['source'],
    by: row.recorded_by,
    note: row.note,
    evidenceRef: row.evidence_ref,
    version: Number(row.version),
    recordedAt: row.recorded_at,
  };
}

/** A `notification_targets` row as the store hands it out (also the team store's). */
export function toStoredTarget(row: NotificationTargetTable): StoredNotificationTarget {
  return { projectId: row.project_id, id: row.id, type: row.type, url: row.url, urlShown: row.url_shown, secret: row.secret, lang: row.lang, createdAt: row.created_at, createdBy: row.created_by };
}

/** Inserts the jobs not there yet (by id), 500 rows a statement (a week of schedules is thousands); returns how many were added. */
async function insertJobs(trx: Db, jobs: readonly NewJob[]): Promise<number> {
  let added = 0;
  for (let at = 0; at < jobs.length; at += 500) {
    const rows = jobs.slice(at, at + 500).map((job) => ({ id: job.id, queue: job.queue, run_id: job.runId, payload_json: canonicalJson(job.payload), due_at: new Date(job.dueAt).toISOString(), status: 'queued', worker: null, lease_until: null, attempts: 0, finished_at: null, result_json: null, dispatched_at: null }));
    const result = await trx
      .insertInto('jobs')
      .values(rows)
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

function toJob(row: JobTable): JobRecord {
  return {
    id: row.id,
    queue: row.queue,
    runId: row.run_id,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    dueAt: row.due_at,
    status: row.status as JobStatus,
    worker: row.worker,
    leaseUntil: row.lease_until,
    attempts: Number(row.attempts),
    finishedAt: row.finished_at,
    result: row.result_json === null ? null : (JSON.parse(row.result_json) as Record<string, unknown>),
  };
}

function toRunEntry(row: RunTable): RunEntry {
  return {
    id: row.id,
    planName: row.plan_name,
    environment: row.environment,
    release: row.release,
    status: row.status as RunEntry['status'],
    createdAt: row.created_at,
    createdBy: row.created_by,
    closedAt: row.closed_at,
    summary: row.summary_json === null ? null : (JSON.parse(row.summary_json) as RunSummary),
  };
}

function toWaiver(row: WaiverTable): WaiverRecord {
  return { id: row.id, runId: row.run_id, itemId: row.item_id, reason: row.reason, approver: row.approver, expiresAt: row.expires_at, revokedAt: row.revoked_at, createdAt: row.created_at, createdBy: row.created_by };
}

function toSignoff(row: SignoffTable): SignoffRecord {
  return { id: row.id, runId: row.run_id, role: row.role, by: row.signed_by, at: row.signed_at, score: Number(row.score), resultDigest: row.result_digest, blockers: JSON.parse(row.blockers_json) as SignoffRecord['blockers'], comment: row.comment };
}

function toUpload(row: UploadTable): UploadRecord {
  return {
    id: row.id,
    runId: row.run_id,
    appid: row.appid,
    version: row.version,
    description: row.description,
    robot: Number(row.robot),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    packages: JSON.parse(row.packages_json) as UploadRecord['packages'],
    by: row.uploaded_by,
    at: row.uploaded_at,
    forcedReason: row.forced_reason,
  };
}
