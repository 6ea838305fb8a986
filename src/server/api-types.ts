/** Response shapes of the API that the dashboard reads; routes are checked against them with `satisfies`. */
import type { InspectionsView, RolloutView } from '../service/after-launch.js';
import type { RunDiff } from '../service/diff.js';
import type { ImportReport } from '../import/types.js';
import type { Plan } from '../plan/schema.js';
import type { RunView } from '../report/run-view.js';
import type { AuditEntry, AuditVerification, RunEntry, RunStatus, WaiverRecord } from '../store/store.js';
import type { Member, PlanEntry, Project, ProjectRole, TokenEntry, User } from './team-store.js';

export type { InspectionsView, RolloutView };
export type { AuditEntry, AuditVerification, ImportReport, Member, Plan, PlanEntry, Project, ProjectRole, RunDiff, RunEntry, RunView, TokenEntry, User, WaiverRecord };

export interface SessionInfo {
  readonly user: User;
  readonly csrfToken: string | null;
}

export interface ProjectDetail {
  readonly project: Project;
  readonly role: ProjectRole;
  readonly myPlanRoles: readonly string[];
  readonly members: readonly Member[];
  readonly planRoles: ReadonlyArray<{ readonly planRole: string; readonly userId: string; readonly username: string }>;
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
}

/** One `run` event of `/runs/:id/events`. */
export interface RunEvent {
  readonly view: RunView;
  readonly status: RunStatus;
  readonly executing: boolean;
}
