import type { Priority } from '../plan/schema.js';
import type { ProposedCheck } from './proposals.js';

/** An item as the importer writes it (the plan schema's item, with a check of any kind). */
export interface ImportedItem {
  id: string;
  title: string;
  phase: string;
  category: string;
  priority: Priority;
  owner: string | null;
  status: 'todo' | 'done' | 'failed' | 'warn';
  check: ProposedCheck | null;
  proposed?: boolean;
  manual?: { method: string; expected?: string };
  window?: string;
  estimate?: string;
  source: { file: string; line: number };
  locations?: string[];
  why?: string;
  details?: string[];
  tags?: string[];
}

export interface ImportedRole {
  id: string;
  title?: string;
  name?: string;
  duties?: string;
  signoff?: boolean;
}

export interface ImportedMonitor {
  id: string;
  metric: string;
  threshold?: string;
  for?: string;
  owner?: string | null;
  notify?: string[];
  source: { file: string; line: number };
}

export interface ImportedStage {
  percent: number;
  hold?: string;
  guard?: string[];
  manual?: string;
}

export interface ImportedTrigger {
  /** Absent when a person judges the trigger (a P0 defect). */
  condition?: string;
  for?: string;
  description?: string;
  manual?: boolean;
}

export interface ImportedInspection {
  id: string;
  title?: string;
  schedule: string;
  for?: string;
  items?: string[];
  source: { file: string; line: number };
}

export interface ImportedGuard {
  command: string;
  action: 'forbid' | 'require-gate';
  reason?: string;
  source: { file: string; line: number };
}

export interface ImportedRisk {
  risk: string;
  probability?: string;
  impact?: string;
  mitigation?: string;
  source: { file: string; line: number };
}

export interface ImportedVariable {
  description?: string;
  required: boolean;
  example: string;
}

/** The plan `golive import` produces: accepted by `planSchema` once every proposed kind is registered. */
export interface ImportedPlan {
  name: string;
  description?: string;
  variables?: Record<string, ImportedVariable>;
  roles?: ImportedRole[];
  categories?: { id: string; title?: string; claimedScore?: number }[];
  phases?: { id: string; title?: string; window?: string }[];
  items: ImportedItem[];
  rollout?: { stages?: ImportedStage[]; rollbackWhen?: ImportedTrigger[]; rollbackSteps?: string[] };
  monitors?: ImportedMonitor[];
  inspections?: ImportedInspection[];
  guards?: ImportedGuard[];
  risks?: ImportedRisk[];
}

export interface UnrecognizedLine {
  line: number;
  text: string;
  /** Why it could not be placed: `info-section`, `unknown-table`, `no-condition` … */
  reason: string;
}

export interface ImportReport {
  file: string;
  counts: {
    items: number;
    byPhase: Record<string, number>;
    byPriority: Record<Priority, number>;
    blockers: number;
    withOwner: number;
    proposedChecks: number;
    monitors: number;
    thresholds: number;
    stages: number;
    rollbackTriggers: number;
    rollbackSteps: number;
    roles: number;
    signoffs: number;
    inspections: number;
    guards: number;
    risks: number;
    variables: number;
    secrets: number;
    unrecognized: number;
  };
  /** Secrets found in the document: never the value, only a redacted preview. */
  secrets: { line: number; rule: string; severity: string; preview: string }[];
  unrecognized: UnrecognizedLine[];
  /** Placeholders turned into plan variables, to fill in before `golive check`. */
  variables: { name: string; placeholder: string; example: string; lines: number[] }[];
  proposedChecks: { item: string; kind: string; line: number; note: string }[];
  /** Scores the document states about itself (kept as its claim, never used by the gate). */
  claimedScores: { label: string; score: number; categories: string[]; line: number }[];
  signoffs: { role: string; title: string; line: number }[];
  /** Thresholds found, and where each went. */
  thresholds: { line: number; metric: string; condition: string; placedIn: string }[];
  /** Sections read as information only (scope, cost, architecture …). */
  informational: { line: number; title: string }[];
  /** Things done to the input so it parses safely (cut lines, flattened nesting). */
  notes: { line: number; reason: string }[];
}

export interface ImportResult {
  plan: ImportedPlan;
  report: ImportReport;
}
