import type { Bilingual } from '../core/text.js';
import type { Plan } from '../plan/schema.js';
import type { GateReason, ScoredResult, Signoff, Waiver } from '../core/launch.js';
import type { ItemResult, ResultStatus } from '../core/result.js';

/** The store implementations; each lives in its own folder and declares its capabilities. */
export const storeKinds = ['sqlite', 'postgres'] as const;
export type StoreKindName = (typeof storeKinds)[number];

/** What an implementation can do, read by shared code instead of asking which database it is. */
export interface StoreCapabilities {
  /** Several processes on several machines may share the database (team mode). */
  readonly multiHost: boolean;
  /** The data is one local file (shown as the location; raw bytes can be scanned). */
  readonly singleFile: boolean;
}

/** Whether a run still accepts results. */
export const runStatuses = ['open', 'closed'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** Where a result came from: a machine check or a person. */
export const resultSources = ['check', 'manual'] as const;
export type ResultSource = (typeof resultSources)[number];

/** Score and gate of a run as of its last change, kept on the run so history needs no recomputation. */
export interface RunSummary {
  readonly score: number;
  readonly gatePassed: boolean;
  readonly reasons: readonly GateReason[];
  readonly counts: Readonly<Record<ResultStatus, number>>;
  /** When it was computed (waiver expiry can change the gate later; `run status` recomputes). */
  readonly computedAt: string;
}

/** The committed state of a run that its summary and a sign-off are computed from. */
export interface RunState {
  readonly plan: Plan;
  readonly results: readonly (ScoredResult & { readonly evidence?: unknown })[];
  readonly waivers: readonly Waiver[];
  readonly signoffs: readonly Signoff[];
}

/**
 * How a run is scored and gated, decided outside the store (readiness/ implements it, the service layer hands it in):
 * the store only keeps what the policy computes, inside the same transaction as the change.
 */
export interface SummaryPolicy {
  /** Score and gate of the state; the store adds the counts and the time. */
  summarize(state: RunState, now: Date): { readonly score: number; readonly gatePassed: boolean; readonly reasons: readonly GateReason[] };
  /** What a sign-off records of the state it signs: the score, a digest of every result, every blocker's status. */
  signed(state: Omit<RunState, 'signoffs'>, now: Date): { readonly score: number; readonly resultDigest: string; readonly blockers: Readonly<Record<string, ResultStatus>> };
}

/** A run header, as `run list` and `history` show it. */
export interface RunEntry {
  /** Short readable id, `r-YYYYMMDD-NNNN`. */
  readonly id: string;
  readonly planName: string;
  readonly environment: string | null;
  readonly release: string | null;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly closedAt: string | null;
  /** Null until the first result is recorded. */
  readonly summary: RunSummary | null;
}

/** A run with the plan it was started with. */
export interface RunRecord extends RunEntry {
  /** Where the plan file was when the run started. */
  readonly planPath: string | null;
  /** Content address (sha256) of the plan snapshot. */
  readonly snapshotId: string;
  /** The plan as it was when the run started (redacted); later edits of the file do not change it. */
  readonly plan: Plan;
}

/** What `createRun` needs. */
export interface NewRun {
  /** The plan to snapshot, already redacted. */
  readonly plan: Plan;
  /** The plan file's text, already redacted. */
  readonly source: string;
  readonly planPath: string | null;
  readonly environment: string | null;
  readonly release: string | null;
  readonly createdBy: string;
  /** Defaults to the current time. */
  readonly now?: Date;
}

/** A result to record, with who recorded it for manual items. */
export interface ResultInput {
  readonly result: ItemResult;
  readonly source: ResultSource;
  /** The person, for manual verifications. */
  readonly by?: string | null;
  readonly note?: string | null;
  /** A file path or URL of the evidence a person attached. */
  readonly evidenceRef?: string | null;
  /** Record only when the item has no result yet: the runner's `pending` placeholder never overwrites a person's verification. */
  readonly onlyIfAbsent?: boolean;
}

/** The current result of an item in a run. */
export interface StoredResult extends ItemResult {
  readonly source: ResultSource;
  readonly by: string | null;
  readonly note: string | null;
  readonly evidenceRef: string | null;
  /** 1 for the first result, +1 for every change. */
  readonly version: number;
  readonly recordedAt: string;
}

/** One change of an item's result, as kept forever. */
export interface ResultChange extends StoredResult {
  readonly runId: string;
}

/** What `recordResult` did. */
export interface RecordOutcome {
  /** False when the same result was already the current one (a resumed or repeated write). */
  readonly changed: boolean;
  readonly version: number;
  /** The item's status before this write (`pending` when it had none). */
  readonly previousStatus: ResultStatus;
}

/** A waiver as stored. */
export interface WaiverRecord extends Waiver {
  readonly id: string;
  readonly runId: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** What `addWaiver` needs. */
export interface NewWaiver {
  readonly itemId: string;
  readonly reason: string;
  readonly approver: string;
  readonly expiresAt: string;
  readonly createdBy: string;
}

/** What `revokeWaivers` needs: whose waivers, who takes them back and why. */
export interface WaiverRevocation {
  readonly itemId: string;
  readonly by: string;
  readonly reason: string;
  readonly now?: Date;
}

/** What `addSignoff` needs; the comment is already redacted. */
export interface NewSignoff {
  readonly role: string;
  readonly by: string;
  readonly comment?: string | null;
  readonly now?: Date;
}

/** A sign-off as stored, with the state it signed. */
export interface SignoffRecord extends Signoff {
  readonly id: string;
  readonly runId: string;
}

/** One package of an uploaded build, as WeChat reported it (`__FULL__` whole, `__APP__` main package). */
export interface UploadedPackage {
  readonly name: string;
  readonly size: number;
}

/** What `recordUpload` needs: a build sent to WeChat with miniprogram-ci. */
export interface NewUpload {
  readonly appid: string;
  readonly version: string;
  readonly description: string;
  /** The CI robot (1–30) the upload went out under. */
  readonly robot: number;
  /** Whole package in bytes, null when WeChat reported none. */
  readonly sizeBytes: number | null;
  readonly packages: readonly UploadedPackage[];
  readonly by: string;
  /** Why it went out although the gate had not passed, with the gate's reasons at that moment; null when the gate passed. */
  readonly forced: { readonly reason: string; readonly gateReasons: readonly string[] } | null;
  readonly now?: Date;
}

/** An upload as stored. */
export interface UploadRecord extends Omit<NewUpload, 'now' | 'forced'> {
  readonly id: string;
  readonly runId: string;
  readonly at: string;
  readonly forcedReason: string | null;
}

/** One entry of the append-only audit trail. */
export interface AuditEntry {
  /** 1, 2, 3 … without gaps. */
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  /** `run.create`, `result.record`, `waiver.add`, `waiver.revoke`, `signoff.add`, `miniprogram.upload`, `run.close`. */
  readonly action: string;
  readonly runId: string | null;
  readonly subject: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  /** Hash of the previous entry (64 zeros for the first). */
  readonly prevHash: string;
  /** HMAC-SHA256, with the audit key, over prevHash + canonical JSON of the entry (plain sha256 before an `audit.keyed` marker). */
  readonly hash: string;
}

/** The newest entry of the chain: print it where people see it, and later `audit verify --head` proves nothing before it changed. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** The outcome of checking the audit chain and the current results against it. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Entries read. */
  readonly entries: number;
  /** Every problem found, each naming the entry or row. */
  readonly problems: readonly Bilingual[];
}

/** A rollout's state as stored: the store keeps it as data; `src/orchestrate/` gives it meaning. */
export interface StoredRollout {
  readonly state: Readonly<Record<string, unknown>>;
  /** Incremented on every save; a save names the version it read (compare-and-set). */
  readonly version: number;
  readonly updatedAt: string;
}

/** One recorded rollout event. */
export interface RolloutEventRecord {
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly by: string;
  readonly message: Bilingual;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A rollout save: the new state, the version it was decided from (null for the first) and what happened. */
export interface RolloutSave {
  readonly state: Readonly<Record<string, unknown>>;
  readonly expectedVersion: number | null;
  readonly events: ReadonlyArray<Omit<RolloutEventRecord, 'seq'>>;
}

/** How many saved states of each monitor of a run the store keeps for `monitorHistory` (an hour at the default `every 1m`). */
export const monitorHistoryLimit = 60;

/** A monitor's state in one run as stored: data to the store, given meaning by `src/orchestrate/monitor/`. */
export interface StoredMonitorState {
  readonly monitorId: string;
  readonly state: Readonly<Record<string, unknown>>;
  /** Incremented on every save; a save names the version it read (compare-and-set). */
  readonly version: number;
  readonly updatedAt: string;
}

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** Work to do at a time; `id` is its key, so enqueueing the same due time twice adds nothing. */
export interface NewJob {
  readonly id: string;
  readonly queue: string;
  readonly runId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly dueAt: string;
}

/** A job as stored. */
export interface JobRecord extends NewJob {
  readonly status: JobStatus;
  readonly worker: string | null;
  readonly leaseUntil: string | null;
  readonly attempts: number;
  readonly finishedAt: string | null;
  readonly result: Readonly<Record<string, unknown>> | null;
}

/** A due time of a job type's key: what runs once. */
export interface JobDue {
  readonly type: string;
  readonly key: string;
  readonly dueAt: string;
}

/** What finished a due time: its job row (if it has one), who, and the outcome. */
export interface NewJobCompletion extends JobDue {
  readonly jobId: string | null;
  readonly worker: string;
  readonly outcome: { readonly status: 'done' | 'failed'; readonly result: Readonly<Record<string, unknown>> };
}

/** A due time that finished. */
export interface JobCompletion extends JobDue {
  readonly jobId: string | null;
  readonly status: 'done' | 'failed';
  readonly worker: string;
  readonly finishedAt: string;
}

/** How often an item failed in earlier runs of a plan. */
export interface FailureStat {
  readonly itemId: string;
  /** Runs (of those considered) where the item ended `fail` or `error`. */
  readonly failed: number;
  /** Runs considered. */
  readonly of: number;
}

/**
 * A chat notification target a team keeps for a project in the dashboard's Settings (migration 0010): `url` and
 * `secret` hold a `${VAR}` reference or `enc:v1:` ciphertext (`core/secret-box.ts`), never a clear value.
 */
export interface StoredNotificationTarget {
  readonly projectId: string;
  readonly id: string;
  readonly type: string;
  readonly url: string;
  /** The URL with its key hidden, for people. */
  readonly urlShown: string;
  readonly secret: string | null;
  readonly lang: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** An incident's notification state on one target. */
export interface IncidentRecord {
  readonly key: string;
  readonly target: string;
  readonly state: 'firing' | 'resolved';
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly alertedAt: string | null;
  readonly resolvedSentAt: string | null;
  /** Alerts delivered to this target over every time the incident fired (`alertedAt` is the last one). */
  readonly alertsSent: number;
}

/** What `transitionIncident` needs: the condition as observed now, for one target. */
export interface IncidentObservation {
  readonly key: string;
  readonly target: string;
  /** True while the condition holds, false once it cleared. */
  readonly firing: boolean;
  readonly now?: Date;
  /** How long the caller may take to send before another process may try (default 2 minutes). */
  readonly leaseMs?: number;
}

/** An event for the audit trail that is not a result, waiver or sign-off (a deploy, a refused command). */
export interface AuditEvent {
  readonly action: string;
  readonly runId: string | null;
  readonly subject: string | null;
  /** Already redacted. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly actor: string;
  readonly now?: Date;
}

/** Durable record of launches. Every method is atomic; writers are serialised, so concurrent processes never lose an update. */
export interface Store {
  readonly kind: StoreKindName;
  readonly capabilities: StoreCapabilities;
  /** File path or URL without password, for messages. */
  readonly location: string;

  /** Creates an open run with a snapshot of its plan. */
  createRun(input: NewRun): Promise<RunRecord>;
  /** A run by id, or undefined. */
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** The newest run of a plan (optionally only open ones). */
  latestRun(planName: string, options?: { readonly openOnly?: boolean }): Promise<RunRecord | undefined>;
  /** The plan file's text (redacted) a run was started with, to tell an edited plan from changed variables. */
  snapshotSource(snapshotId: string): Promise<string | undefined>;
  /** Runs newest first, optionally of one plan only. */
  listRuns(options?: { readonly planName?: string; readonly limit?: number; readonly before?: string }): Promise<RunEntry[]>;
  /** Closes a run: it accepts no more results, waivers or sign-offs. */
  closeRun(runId: string, actor: string): Promise<void>;

  /** Records an item's result; an identical repeat changes nothing, a change is kept in history. */
  recordResult(runId: string, input: ResultInput, actor: string): Promise<RecordOutcome>;
  /**
   * Rewrites the stored evidence of a run's results (current and history) through `redact`, for a secret learnt after
   * they were recorded; each changed current result is audited as `result.redact`. Returns how many changed.
   */
  redactResults(runId: string, redact: <T>(value: T) => T, actor: string): Promise<number>;
  /** The current result of every item that has one, in item id order. */
  results(runId: string): Promise<StoredResult[]>;
  /** Every change of a run's results (optionally of one item), oldest first. */
  resultHistory(runId: string, itemId?: string): Promise<ResultChange[]>;

  /** Adds a waiver for an item of an open run. */
  addWaiver(runId: string, waiver: NewWaiver): Promise<WaiverRecord>;
  /** Revokes every waiver of an item of an open run that still counts (not expired, not revoked); refuses when none does. */
  revokeWaivers(runId: string, revocation: WaiverRevocation): Promise<WaiverRecord[]>;
  /** Waivers of a run, oldest first (expired ones included). */
  waivers(runId: string): Promise<WaiverRecord[]>;
  /** Signs a run for a role; the signed state (score, digest, blocker statuses) is taken inside the same transaction. */
  addSignoff(runId: string, signoff: NewSignoff): Promise<SignoffRecord>;
  /** Sign-offs of a run, oldest first. */
  signoffs(runId: string): Promise<SignoffRecord[]>;

  /** Remembers fingerprints of secrets the run saw (already known ones are ignored). */
  addSecretFingerprints(runId: string, fingerprints: readonly string[]): Promise<void>;
  /** Fingerprints of every secret the run saw so far. */
  secretFingerprints(runId: string): Promise<string[]>;
  /** Records a build uploaded to WeChat from an open run (audited as `miniprogram.upload`). */
  recordUpload(runId: string, upload: NewUpload): Promise<UploadRecord>;
  /** Uploads of a run, oldest first. */
  uploads(runId: string): Promise<UploadRecord[]>;

  /** For each item, how many of the last `lastRuns` runs of the plan before `beforeRunId` it failed in. */
  failureStats(planName: string, options: { readonly beforeRunId?: string; readonly lastRuns: number }): Promise<FailureStat[]>;

  /** Audit entries in order, optionally of one run. */
  auditEntries(options?: { readonly runId?: string; readonly afterSeq?: number; readonly limit?: number }): Promise<AuditEntry[]>;
  /** Recomputes the hash chain and checks every current result against its last audit entry. */
  verifyAudit(): Promise<AuditVerification>;
  /** The chain's newest entry. */
  auditHead(): Promise<AuditHead>;
  /** Keys a trail written by an older golive when the key existed before (an `audit.keyed` marker records what was found). */
  adoptLegacyAudit(actor: string): Promise<AuditHead>;

  /** Appends an event to the audit trail (the run, when named, must exist). */
  recordEvent(event: AuditEvent): Promise<AuditHead>;

  /**
   * Records what an incident is doing on a target and says which message is due: `alert` when it starts firing
   * (or its alert was never delivered), `resolved` when an alerted incident clears, `none` otherwise. A due message
   * is claimed for `leaseMs`; report the outcome with `settleIncident`.
   */
  transitionIncident(observation: IncidentObservation): Promise<'alert' | 'resolved' | 'none'>;
  /** Marks a claimed message delivered, or releases the claim so the next observation tries again. */
  settleIncident(settlement: { readonly key: string; readonly target: string; readonly message: 'alert' | 'resolved'; readonly delivered: boolean; readonly now?: Date }): Promise<void>;
  /** Incidents, newest first (optionally only firing ones, or only those with these keys). */
  incidents(options?: { readonly firingOnly?: boolean; readonly keys?: readonly string[] }): Promise<IncidentRecord[]>;
  /**
   * The notification targets stored in Settings for the project a plan of this name is kept under on the team server
   * (plan names are unique across projects), by id; none when no project keeps it.
   */
  projectNotificationTargets(planName: string): Promise<StoredNotificationTarget[]>;

  /** The rollout of a run, or undefined before `golive rollout start`. */
  rollout(runId: string): Promise<StoredRollout | undefined>;
  /** Saves a rollout decision and its events (each also an audit entry); `rollout.conflict` when someone saved in between. */
  saveRollout(runId: string, save: RolloutSave): Promise<number>;
  /** A run's rollout events, oldest first. */
  rolloutEvents(runId: string): Promise<RolloutEventRecord[]>;

  /** The monitors' states of a run, by monitor id. */
  monitorStates(runId: string): Promise<StoredMonitorState[]>;
  /** The newest saved states of a run's monitors (at most `monitorHistoryLimit` each, kept with every save), by monitor then version. */
  monitorHistory(runId: string): Promise<StoredMonitorState[]>;
  /** Saves a monitor's state if it is still at `expectedVersion` (null: none yet); `monitor.conflict` when someone saved in between. */
  saveMonitorState(runId: string, monitorId: string, save: { readonly state: Readonly<Record<string, unknown>>; readonly expectedVersion: number | null }): Promise<number>;

  /** Adds jobs that are not there yet (by id); returns how many were added. */
  enqueueJobs(jobs: readonly NewJob[]): Promise<number>;
  /**
   * Adds the jobs `plan` derives from the run's jobs of `queue`, read in the same write transaction: two schedulers at
   * once (two `inspect start`) see each other's jobs, never both add a schedule. `plan` throwing adds nothing.
   */
  scheduleJobs<T extends { readonly jobs: readonly NewJob[] }>(scope: { readonly queue: string; readonly runId: string }, plan: (existing: readonly JobRecord[]) => T): Promise<T & { readonly added: number }>;
  /** Claims the earliest job due by `now` (or one whose worker's lease ran out) for `leaseMs`; undefined when none is. */
  claimJob(worker: string, now: Date, leaseMs: number, queues: readonly string[]): Promise<JobRecord | undefined>;
  /** Extends a claim while its job still runs; false when the claim was lost. */
  extendJobLease(id: string, worker: string, attempt: number, until: Date): Promise<boolean>;
  /** Finishes a claimed job once; false when the claim was lost (lease expired and another worker took it). */
  finishJob(id: string, worker: string, attempt: number, outcome: { readonly status: 'done' | 'failed'; readonly result: Readonly<Record<string, unknown>> }): Promise<boolean>;
  /** Jobs of a queue (optionally of one run, or only in these statuses), by due time. */
  jobs(filter: { readonly queue: string; readonly runId?: string; readonly statuses?: readonly JobStatus[] }): Promise<JobRecord[]>;
  /** How many jobs of these queues are queued or running (a worker that should stop when idle asks). */
  countOpenJobs(queues: readonly string[]): Promise<number>;

  // Team mode (pg-boss is the work queue, `orchestrate/boss-worker.ts`): these write without the store's write lock.
  /**
   * Hands queued jobs due by `now` that no scheduler has handed on yet (earliest first, at most `limit`) to `send`, the
   * work queue, and marks them dispatched, in one transaction that holds their rows: a scheduler running at the same
   * time skips them (`FOR UPDATE SKIP LOCKED`), so each due row is sent once however many workers schedule. Nothing is
   * marked when `send` throws. Returns how many were sent.
   */
  dispatchJobs(now: Date, queues: readonly string[], limit: number, send: (jobs: readonly JobRecord[]) => Promise<void>): Promise<number>;
  /** Shows a job as running on a worker (one more attempt); nothing when it finished already. */
  startJob(id: string, worker: string): Promise<void>;
  /** The completion of a job type's due time, if one finished it. */
  jobCompletion(due: JobDue): Promise<JobCompletion | undefined>;
  /**
   * Records that a job type's due time finished, and its outcome on its job row (when it has one), in one
   * transaction; false, writing nothing, when it had finished already (a redelivered or duplicate job).
   */
  completeJob(completion: NewJobCompletion): Promise<boolean>;

  /** Releases the connection(s). */
  close(): Promise<void>;
}
