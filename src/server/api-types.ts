/** Response shapes of the API that the dashboard reads; routes are checked against them with `satisfies`. */
import type { InspectionsView, RolloutView } from '../service/after-launch.js';
import type { RunDiff } from '../service/diff.js';
import type { ImportReport } from '../import/types.js';
import type { Plan } from '../plan/schema.js';
import type { RunView } from '../report/run-view.js';
import type { Assessment } from '../readiness/assess.js';
import type { RecordedResults } from '../service/record-results.js';
import type { Bilingual } from '../core/text.js';
import type { AuditEntry, AuditHead, AuditVerification, RecordOutcome, RunEntry, RunStatus, RunSummary, SignoffRecord, WaiverRecord } from '../store/store.js';
import type { VariableToAsk } from './launch.js';
import type { Member, PlanEntry, Project, ProjectRole, TokenEntry, User } from './team-store.js';

export type { VariableToAsk };
export type { TargetView } from './notify-targets.js';
export type { Delivery } from '../notify/deliver.js';
export type { InspectionsView, RolloutView };
export type { MonitorsView } from '../service/monitors-view.js';
export type { AuditEntry, AuditHead, AuditVerification, ImportReport, Member, Plan, PlanEntry, Project, ProjectRole, RunDiff, RunEntry, RunView, TokenEntry, User, WaiverRecord };

export interface SessionInfo {
  readonly user: User;
  readonly csrfToken: string | null;
}

export interface ProjectDetail {
  readonly project: Project;
  readonly role: ProjectRole;
  readonly myPlanRoles: readonly string[];
  readonly members: readonly Member[];
  readonly planRoles: ReadonlyArray<{ readonly planRole: string; readonly userId: string; readonly username: string; readonly active: boolean }>;
  readonly plans: readonly PlanEntry[];
}

export interface PlanDetail {
  readonly plan: PlanEntry;
  readonly source: string;
  readonly parsed: Plan;
}

export interface ImportPreview {
  readonly report: ImportReport;
  readonly planName: string;
  readonly yaml: string;
  readonly saved: PlanEntry | null;
}

/** A run header as the run page shows it. */
export interface RunHeader {
  readonly id: string;
  readonly planName: string;
  readonly release: string | null;
  readonly environment: string | null;
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface RunDetail {
  readonly run: RunHeader & { readonly executing: boolean };
  readonly view: RunView;
  readonly waivers: readonly WaiverRecord[];
  readonly me: { readonly role: ProjectRole; readonly planRoles: readonly string[] };
  /** Who may sign for each plan role of the run's project (active accounts; a role nobody holds is absent). */
  readonly signers: ReadonlyArray<{ readonly role: string; readonly holders: readonly string[] }>;
}

/** One `run` event of `/runs/:id/events`. */
export interface RunEvent {
  readonly view: RunView;
  readonly status: RunStatus;
  readonly executing: boolean;
}

/** Variables a run needs that nobody supplied (the start-run and recheck dialogs ask for them). */
export interface VariablesToAsk {
  readonly variables: readonly VariableToAsk[];
}

/** The gate as `golive gate` prints it: recomputed now, with the audit head it was read at. */
export interface GateAnswer extends Assessment {
  readonly id: string;
  readonly run: RunHeader;
  readonly auditHead: AuditHead;
}

/** What a person's action did: the score and gate after it, and what they should be told about their text. */
export interface PersonAnswer {
  readonly summary: RunSummary | null;
  readonly notices: readonly Bilingual[];
  readonly auditHead: AuditHead;
}

export interface VerifyAnswer extends PersonAnswer {
  readonly outcome: RecordOutcome;
  readonly evidenceRef: string | null;
  /** Who the server recorded as the verifier (the signed-in user or the token's). */
  readonly by: string;
}

export interface WaiverAnswer extends PersonAnswer {
  readonly waiver: WaiverRecord;
}

export interface RevokeAnswer extends PersonAnswer {
  readonly revoked: readonly WaiverRecord[];
}

export interface SignAnswer extends PersonAnswer {
  readonly signoff: SignoffRecord;
}

/** `POST /runs/:id/results`: what was recorded (nothing for an empty, checking-only upload). */
export interface ResultsAnswer extends RecordedResults {
  readonly run: RunHeader;
}
