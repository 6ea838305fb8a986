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
  job_completions: JobCompletionTable;
  uploads: UploadTable;
  run_secrets: RunSecretTable;
  incidents: IncidentTable;
  monitor_states: MonitorStateTable;
  monitor_state_history: MonitorStateHistoryTable;
  users: UserTable;
  sessions: SessionTable;
  projects: ProjectTable;
  project_members: ProjectMemberTable;
  plan_role_members: PlanRoleMemberTable;
  plans: PlanTable;
  api_tokens: ApiTokenTable;
  evidence_files: EvidenceFileTable;
  server_settings: ServerSettingTable;
  notification_targets: NotificationTargetTable;
}

/** Fingerprints of a run's secrets (see `redaction/secret-set.ts`); the values are never stored. */
export interface RunSecretTable {
  run_id: string;
  fingerprint: string;
}

/** Notification state of one incident on one target (migration 0007). */
export interface IncidentTable {
  incident_key: string;
  target: string;
  /** `firing` or `resolved`. */
  state: string;
  opened_at: string;
  resolved_at: string | null;
  /** When the alert was delivered; null until then. */
  alerted_at: string | null;
  /** When the "resolved" message was delivered. */
  resolved_sent_at: string | null;
  /** A sender holds the message until then, so two processes never send the same one at once. */
  claim_until: string | null;
  /** Alerts delivered to this target over every firing of the incident (migration 0013). */
  alerts_sent: number;
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
  /** What the signer wrote, redacted before it is stored. */
  comment: string | null;
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

/** One row per run and monitor: its hysteresis state as the orchestration wrote it, with a version for compare-and-set (migration 0009). */
export interface MonitorStateTable {
  run_id: string;
  monitor_id: string;
  state_json: string;
  version: number;
  updated_at: string;
}

/** The newest saved versions of each monitor's state per run, a bounded ring written with every save (migration 0013). */
export interface MonitorStateHistoryTable {
  run_id: string;
  monitor_id: string;
  version: number;
  state_json: string;
  saved_at: string;
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
  /** When a scheduler handed the due job to the work queue (team mode, pg-boss); null before. */
  dispatched_at: string | null;
}

/** A job type's due time that finished (its outcome is kept with the job); the key makes it run once. */
export interface JobCompletionTable {
  type: string;
  key: string;
  due_at: string;
  job_id: string | null;
  /** done | failed */
  status: string;
  worker: string;
  finished_at: string;
}

/** A mini-program build uploaded to WeChat from a run (miniprogram-ci). */
export interface UploadTable {
  id: string;
  run_id: string;
  appid: string;
  version: string;
  description: string;
  robot: number;
  /** Whole package in bytes as WeChat reported it (`__FULL__`), null when it reported none. */
  size_bytes: number | null;
  /** `[{name, size}]` per package as WeChat reported them. */
  packages_json: string;
  uploaded_by: string;
  uploaded_at: string;
  /** Set when the gate had not passed and the upload was forced: why. */
  forced_reason: string | null;
}

/** A person who can sign in to `golive serve`. */
export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string;
  /** 1 for server administrators (every project), else 0. */
  is_admin: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  /** When a server administrator deactivated the account (migration 0015); null while it is active. */
  deactivated_at: string | null;
}

/** A signed-in browser; only the sha256 of the cookie value is kept. */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ProjectTable {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
}

/** A user's role in a project: admin, member or viewer. */
export interface ProjectMemberTable {
  project_id: string;
  user_id: string;
  role: string;
}

/** Who holds a plan role (qa, ops, tech-lead …) in a project: only they sign for it. */
export interface PlanRoleMemberTable {
  project_id: string;
  plan_role: string;
  user_id: string;
}

/** A plan file kept by the server (uploaded or imported); runs snapshot it as before. */
export interface PlanTable {
  id: string;
  project_id: string;
  plan_name: string;
  source_text: string;
  updated_at: string;
  updated_by: string;
}

/** A token for CI; only the sha256 of its secret is kept. */
export interface ApiTokenTable {
  id: string;
  secret_hash: string;
  name: string;
  user_id: string;
  project_id: string;
  /** Comma-separated: read, run, sign. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A file attached to a manual verification, stored outside the web root under its random id. */
export interface EvidenceFileTable {
  id: string;
  run_id: string;
  item_id: string;
  /** The name the person gave, reduced to its last path segment. */
  file_name: string;
  /** Sniffed from the bytes, never taken from the request. */
  media_type: string;
  size: number;
  sha256: string;
  created_at: string;
  created_by: string;
}

/** Server-wide values, e.g. the hash of the one-time setup token. */
export interface ServerSettingTable {
  key: string;
  value: string;
}

/** A project's chat notification target; `url` and `secret` hold a `${VAR}` reference or `enc:v1:…` ciphertext, never a clear value. */
export interface NotificationTargetTable {
  project_id: string;
  id: string;
  type: string;
  url: string;
  /** What people see: the reference, or the URL with its key hidden. */
  url_shown: string;
  secret: string | null;
  lang: string | null;
  created_at: string;
  created_by: string;
}
