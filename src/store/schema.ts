/** Kysely's view of the tables, shared by every implementation. Timestamps are ISO-8601 UTC text. */
export interface Database {
  plan_snapshots: PlanSnapshotTable;
  runs: RunTable;
  results: ResultTable;
  result_history: ResultHistoryTable;
  waivers: WaiverTable;
  signoffs: SignoffTable;
  audit_log: AuditTable;
  audit_head: AuditHeadTable;
  rollouts: RolloutTable;
  rollout_events: RolloutEventTable;
  jobs: JobTable;
}

export interface PlanSnapshotTable {
  /** sha256 of plan_json: identical plans share one snapshot. */
  id: string;
  plan_name: string;
  plan_json: string;
  source_text: string;
  created_at: string;
}

export interface RunTable {
  id: string;
  plan_name: string;
  plan_path: string | null;
  environment: string | null;
  release: string | null;
  status: string;
  created_at: string;
  created_by: string;
  closed_at: string | null;
  snapshot_id: string;
  summary_json: string | null;
}

export interface ResultTable {
  run_id: string;
  item_id: string;
  status: string;
  evidence_json: string;
  duration_ms: number;
  attempts_json: string;
  started_at: string;
  finished_at: string;
  source: string;
  recorded_by: string | null;
  note: string | null;
  evidence_ref: string | null;
  version: number;
  recorded_at: string;
}

/** Same columns as results; primary key (run_id, item_id, version). */
export type ResultHistoryTable = ResultTable;

export interface WaiverTable {
  id: string;
  run_id: string;
  item_id: string;
  reason: string;
  approver: string;
  expires_at: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

export interface SignoffTable {
  id: string;
  run_id: string;
  role: string;
  signed_by: string;
  signed_at: string;
  score: number;
  result_digest: string;
  blockers_json: string;
}

export interface AuditTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  run_id: string | null;
  subject: string | null;
  data_json: string;
  prev_hash: string;
  hash: string;
}

/** One row (id 1): the chain's last seq and hash. Writers lock it, which serialises them on every store. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** Fingerprint of the audit key the chain is written with; null before the first keyed open. */
  key_id: string | null;
}

/** One row per run that has a rollout: its state as the orchestration wrote it, with a version for compare-and-set. */
export interface RolloutTable {
  run_id: string;
  state_json: string;
  version: number;
  updated_at: string;
}

/** What happened during a rollout, in order per run. */
export interface RolloutEventTable {
  run_id: string;
  seq: number;
  at: string;
  type: string;
  actor: string;
  message_json: string;
  data_json: string;
}

/** Scheduled work (an inspection at one due time): claimed under the write lock with a lease, finished once. */
export interface JobTable {
  /** The job's key: one row per due time, so scheduling twice adds nothing. */
  id: string;
  queue: string;
  run_id: string | null;
  payload_json: string;
  due_at: string;
  /** queued | running | done | failed */
  status: string;
  worker: string | null;
  lease_until: string | null;
  attempts: number;
  finished_at: string | null;
  result_json: string | null;
}
