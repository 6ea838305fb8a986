import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { genesisHash } from '../audit/chain.js';

/**
 * The one versioned migration set of every store. Append new migrations; never edit a released one.
 * Types are those both SQLite and PostgreSQL understand (text, integer, double precision).
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plan_snapshots')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('plan_name', 'text', (column) => column.notNull())
        .addColumn('plan_json', 'text', (column) => column.notNull())
        .addColumn('source_text', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('plan_name', 'text', (column) => column.notNull())
        .addColumn('plan_path', 'text')
        .addColumn('environment', 'text')
        .addColumn('release', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('snapshot_id', 'text', (column) => column.notNull().references('plan_snapshots.id'))
        .addColumn('summary_json', 'text')
        .execute();
      // Matches `order by created_at desc, id desc` exactly, so "latest N runs" never sorts the whole plan's history.
      await db.schema.createIndex('runs_plan_created').on('runs').columns(['plan_name', 'created_at', 'id']).execute();
      await db.schema.createIndex('runs_created').on('runs').columns(['created_at', 'id']).execute();

      for (const table of ['results', 'result_history'] as const) {
        await db.schema
          .createTable(table)
          .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
          .addColumn('item_id', 'text', (column) => column.notNull())
          .addColumn('status', 'text', (column) => column.notNull())
          .addColumn('evidence_json', 'text', (column) => column.notNull())
          .addColumn('duration_ms', 'integer', (column) => column.notNull())
          .addColumn('attempts_json', 'text', (column) => column.notNull())
          .addColumn('started_at', 'text', (column) => column.notNull())
          .addColumn('finished_at', 'text', (column) => column.notNull())
          .addColumn('source', 'text', (column) => column.notNull())
          .addColumn('recorded_by', 'text')
          .addColumn('note', 'text')
          .addColumn('evidence_ref', 'text')
          .addColumn('version', 'integer', (column) => column.notNull())
          .addColumn('recorded_at', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, table === 'results' ? ['run_id', 'item_id'] : ['run_id', 'item_id', 'version'])
          .execute();
      }

      await db.schema
        .createTable('waivers')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('item_id', 'text', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('approver', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('waivers_run').on('waivers').column('run_id').execute();

      await db.schema
        .createTable('signoffs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('signed_by', 'text', (column) => column.notNull())
        .addColumn('signed_at', 'text', (column) => column.notNull())
        .addColumn('score', 'double precision', (column) => column.notNull())
        .addColumn('result_digest', 'text', (column) => column.notNull())
        .addColumn('blockers_json', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('signoffs_run').on('signoffs').column('run_id').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (column) => column.primaryKey())
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('run_id', 'text')
        .addColumn('subject', 'text')
        .addColumn('data_json', 'text', (column) => column.notNull())
        .addColumn('prev_hash', 'text', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('audit_log_run').on('audit_log').columns(['run_id', 'seq']).execute();

      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (column) => column.primaryKey())
        .addColumn('seq', 'integer', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull())
        .execute();
      await sql`insert into audit_head (id, seq, hash) values (1, 0, ${genesisHash})`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['audit_head', 'audit_log', 'signoffs', 'waivers', 'result_history', 'results', 'runs', 'plan_snapshots']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '0002_audit_key': {
    // The fingerprint of the key the chain is written with (the key itself stays outside the database).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_head').addColumn('key_id', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_head').dropColumn('key_id').execute();
    },
  },
  '0003_rollouts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rollouts')
        .addColumn('run_id', 'text', (column) => column.primaryKey().references('runs.id'))
        .addColumn('state_json', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('rollout_events')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('seq', 'integer', (column) => column.notNull())
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('message_json', 'text', (column) => column.notNull())
        .addColumn('data_json', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('rollout_events_pk', ['run_id', 'seq'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('rollout_events').execute();
      await db.schema.dropTable('rollouts').execute();
    },
  },
  '0004_jobs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('queue', 'text', (column) => column.notNull())
        .addColumn('run_id', 'text', (column) => column.references('runs.id'))
        .addColumn('payload_json', 'text', (column) => column.notNull())
        .addColumn('due_at', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('worker', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('result_json', 'text')
        .execute();
      await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('jobs_run').on('jobs').columns(['run_id', 'due_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('jobs').execute();
    },
  },
  '0005_run_secrets': {
    async up(db: Kysely<unknown>) {
      // Fingerprints (salted sha256) of the secrets a run saw, never the values: a later process masks them again.
      await db.schema
        .createTable('run_secrets')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('fingerprint', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('run_secrets_pk', ['run_id', 'fingerprint'])
        .execute();
      await db.schema.alterTable('signoffs').addColumn('comment', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('signoffs').dropColumn('comment').execute();
      await db.schema.dropTable('run_secrets').execute();
    },
  },
  '0006_uploads': {
    // Builds sent to WeChat through miniprogram-ci: what went out, from which run, by whom, forced or not.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('uploads')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('appid', 'text', (column) => column.notNull())
        .addColumn('version', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('robot', 'integer', (column) => column.notNull())
        .addColumn('size_bytes', 'integer')
        .addColumn('packages_json', 'text', (column) => column.notNull())
        .addColumn('uploaded_by', 'text', (column) => column.notNull())
        .addColumn('uploaded_at', 'text', (column) => column.notNull())
        .addColumn('forced_reason', 'text')
        .execute();
      await db.schema.createIndex('uploads_run').on('uploads').column('run_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('uploads').execute();
    },
  },
  '0007_incidents': {
    async up(db: Kysely<unknown>) {
      // One row per incident and notification target: whether its alert and its "resolved" message went out.
      await db.schema
        .createTable('incidents')
        .addColumn('incident_key', 'text', (column) => column.notNull())
        .addColumn('target', 'text', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('opened_at', 'text', (column) => column.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('alerted_at', 'text')
        .addColumn('resolved_sent_at', 'text')
        .addColumn('claim_until', 'text')
        .addPrimaryKeyConstraint('incidents_pk', ['incident_key', 'target'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('incidents').execute();
    },
  },
  // The team server's accounts, projects and evidence files (`golive serve`, docs/server.md).
  '0008_team': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('username', 'text', (column) => column.notNull().unique())
        .addColumn('display_name', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('is_admin', 'integer', (column) => column.notNull())
        .addColumn('failed_logins', 'integer', (column) => column.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (column) => column.primaryKey())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('project_members')
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id'))
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('role', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('plan_role_members')
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id'))
        .addColumn('plan_role', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addPrimaryKeyConstraint('plan_role_members_pk', ['project_id', 'plan_role', 'user_id'])
        .execute();

      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id'))
        // Runs are keyed by plan name, so a name belongs to one project.
        .addColumn('plan_name', 'text', (column) => column.notNull().unique())
        .addColumn('source_text', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addColumn('updated_by', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('secret_hash', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id'))
        .addColumn('scopes', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('evidence_files')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('item_id', 'text', (column) => column.notNull())
        .addColumn('file_name', 'text', (column) => column.notNull())
        .addColumn('media_type', 'text', (column) => column.notNull())
        .addColumn('size', 'integer', (column) => column.notNull())
        .addColumn('sha256', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('server_settings')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['server_settings', 'evidence_files', 'api_tokens', 'plans', 'plan_role_members', 'project_members', 'projects', 'sessions', 'users']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  // Each monitor's hysteresis state per run (`golive monitor`, docs/notifications.md): kept between evaluations on any worker.
  '0009_monitor_states': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('monitor_states')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('monitor_id', 'text', (column) => column.notNull())
        .addColumn('state_json', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('monitor_states_pk', ['run_id', 'monitor_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('monitor_states').execute();
    },
  },
  // Chat notification targets of a team server's projects (docs/server.md): a URL or secret is kept either as a
  // `${VAR}` reference to the server's environment or encrypted with GOLIVE_SECRETS_KEY, never in clear.
  '0010_notification_targets': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notification_targets')
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id'))
        .addColumn('id', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('url', 'text', (column) => column.notNull())
        .addColumn('url_shown', 'text', (column) => column.notNull())
        .addColumn('secret', 'text')
        .addColumn('lang', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('notification_targets_pk', ['project_id', 'id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('notification_targets').execute();
    },
  },
  '0011_job_completions': {
    async up(db: Kysely<unknown>) {
      // One row per job type, key and due time that finished: a queue that delivers at least once (pg-boss) then
      // runs each due time once, since a worker writes this row in the same transaction as the job's outcome.
      await db.schema
        .createTable('job_completions')
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('due_at', 'text', (column) => column.notNull())
        .addColumn('job_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('worker', 'text', (column) => column.notNull())
        .addColumn('finished_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('job_completions_pk', ['type', 'key', 'due_at'])
        .execute();
      // When a scheduler handed a due job to the work queue (pg-boss); null until then.
      await db.schema.alterTable('jobs').addColumn('dispatched_at', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('jobs').dropColumn('dispatched_at').execute();
      await db.schema.dropTable('job_completions').execute();
    },
  },
  // The monitors view (docs/rollout.md): the last saved states of each monitor, and how many alerts each incident target got.
  '0013_monitor_history': {
    async up(db: Kysely<unknown>) {
      // A bounded ring: the store keeps the newest `monitorHistoryLimit` versions per run and monitor (sql-store.ts).
      await db.schema
        .createTable('monitor_state_history')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id'))
        .addColumn('monitor_id', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('state_json', 'text', (column) => column.notNull())
        .addColumn('saved_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('monitor_state_history_pk', ['run_id', 'monitor_id', 'version'])
        .execute();
      // An incident row is reused when the condition fires again, so its alerted_at is only the last alert: count them.
      await db.schema.alterTable('incidents').addColumn('alerts_sent', 'integer', (column) => column.notNull().defaultTo(0)).execute();
      await sql`update incidents set alerts_sent = 1 where alerted_at is not null`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('incidents').dropColumn('alerts_sent').execute();
      await db.schema.dropTable('monitor_state_history').execute();
    },
  },
  // A server administrator can deactivate an account (docs/server.md): null while active. Sessions are ended and
  // tokens refused while it is set, so nothing needs deleting and a reactivation gives the account back as it was.
  '0015_user_deactivation': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
    },
  },
};

/** Serves the in-code migrations to Kysely's Migrator (no files to ship or find at run time). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
