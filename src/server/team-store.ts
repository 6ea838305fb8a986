import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditKey } from '../audit/key.js';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { StoreBackend } from '../store/backend.js';
import type { Database, EvidenceFileTable, NotificationTargetTable, PlanTable } from '../store/schema.js';
import { appendAudit, toStoredTarget } from '../store/sql-store.js';
import type { StoredNotificationTarget } from '../store/store.js';
import { randomSecret, sameSecret, secretHash } from './auth/secrets.js';
import { HeadCache } from './read-cache.js';

type Db = Kysely<Database>;

/** A user's role in a project. */
export const projectRoles = ['admin', 'member', 'viewer'] as const;
export type ProjectRole = (typeof projectRoles)[number];

/** What an API token may do. */
export const tokenScopes = ['read', 'run', 'sign'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** Bad logins in a row before an account is locked, and for how long. */
export const lockout = { attempts: 5, minutes: 15 } as const;

/** How long a browser session lasts. */
export const sessionHours = 12;

/** How long a process answers a session from its cache: a sign-out in another process sharing the database takes effect within this. */
export const sessionCacheMs = 5_000;

/** A user as the API shows it: never the password hash. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  /** False once a server administrator deactivated the account: no sign-in, its sessions and tokens refused. */
  readonly active: boolean;
  readonly deactivatedAt: string | null;
}

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Member {
  readonly userId: string;
  readonly username: string;
  readonly role: ProjectRole;
}

export interface PlanEntry {
  readonly id: string;
  readonly projectId: string;
  readonly planName: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface TokenEntry {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly projectId: string;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** What checking a presented token needs: never leaves the server. */
export interface TokenCredential {
  readonly token: TokenEntry;
  readonly user: User;
  readonly secretHash: string;
}

/** A stored session. */
export interface SessionRecord {
  readonly user: User;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface Upload {
  readonly id: string;
  readonly runId: string;
  readonly itemId: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

function id(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex')}`;
}

function notFound(what: string): GoliveError {
  return new GoliveError('not-found', bi(`${what} not found`, `未找到${what}`));
}

function toUser(row: Pick<Database['users'], 'id' | 'username' | 'display_name' | 'is_admin' | 'locked_until' | 'created_at' | 'deactivated_at'>): User {
  return { id: row.id, username: row.username, displayName: row.display_name, isAdmin: row.is_admin === 1, lockedUntil: row.locked_until, createdAt: row.created_at, active: row.deactivated_at === null, deactivatedAt: row.deactivated_at };
}

function toToken(row: Database['api_tokens']): TokenEntry {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    projectId: row.project_id,
    scopes: row.scopes.split(',').filter((scope): scope is TokenScope => (tokenScopes as readonly string[]).includes(scope)),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function toPlanEntry(row: Pick<PlanTable, 'id' | 'project_id' | 'plan_name' | 'updated_at' | 'updated_by'>): PlanEntry {
  return { id: row.id, projectId: row.project_id, planName: row.plan_name, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/** A notification target as stored: `url` and `secret` are `${VAR}` references or `enc:v1:` ciphertext. */
export type StoredTarget = StoredNotificationTarget;

function toUpload(row: EvidenceFileTable): Upload {
  return { id: row.id, runId: row.run_id, itemId: row.item_id, fileName: row.file_name, mediaType: row.media_type, size: Number(row.size), sha256: row.sha256, createdAt: row.created_at, createdBy: row.created_by };
}

/**
 * Accounts, projects, plans, tokens and uploads of the team server, on the same database (and the same
 * write lock and audit chain) as the runs. Every change is audited with the acting user's name.
 */
export class TeamStore {
  readonly #backend: StoreBackend;
  readonly #auditKey: AuditKey;
  /** When this process last wrote each token's last use (the cached row does not see that write). */
  readonly #tokenUses = new Map<string, number>();
  /** The hot path's lookups, valid while the audit head stays put (`read-cache.ts`). */
  readonly reads: HeadCache;

  /** The key must be the one the run store writes the audit chain with (`auditKeyOf`). */
  constructor(backend: StoreBackend, auditKey: AuditKey) {
    this.#backend = backend;
    this.#auditKey = auditKey;
    const translated = (error: unknown) => backend.translateError(error) ?? error;
    const readNow = backend.readAuditHeadNow?.bind(backend);
    this.reads = new HeadCache({
      async read() {
        try {
          return await backend.readAuditHead();
        } catch (error) {
          throw translated(error);
        }
      },
      ...(readNow
        ? {
            readNow() {
              try {
                return readNow();
              } catch (error) {
                throw translated(error);
              }
            },
          }
        : {}),
    });
  }

  get #db(): Db {
    return this.#backend.db;
  }

  async #write<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.#backend.writeTransaction(fn);
    } catch (error) {
      throw this.#backend.translateError(error) ?? error;
    }
  }

  // ── setup ──────────────────────────────────────────────────────────────

  async userCount(): Promise<number> {
    const row = await this.#db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A fresh one-time setup secret while no user exists (the previous one stops working); undefined once set up. */
  async issueSetupSecret(): Promise<string | undefined> {
    const secret = randomSecret();
    const issued = await this.#write(async (trx) => {
      const users = await trx.selectFrom('users').select('id').limit(1).execute();
      if (users.length > 0) return false;
      await trx.deleteFrom('server_settings').where('key', '=', 'setup_secret').execute();
      await trx.insertInto('server_settings').values({ key: 'setup_secret', value: secretHash(secret) }).execute();
      return true;
    });
    return issued ? secret : undefined;
  }

  /** Creates the first administrator with the setup secret, which is then gone. */
  async completeSetup(secret: string, account: { username: string; displayName: string; passwordHash: string }, now = new Date()): Promise<User> {
    return this.#write(async (trx) => {
      const stored = await trx.selectFrom('server_settings').select('value').where('key', '=', 'setup_secret').executeTakeFirst();
      const users = await trx.selectFrom('users').select('id').limit(1).execute();
      if (!stored || users.length > 0 || stored.value !== secretHash(secret)) {
        throw new GoliveError('auth.setup-invalid', bi('this setup link is not valid (already used, or replaced by a newer one printed by `golive serve`)', '此初始化链接无效（已被使用，或已被 `golive serve` 输出的新链接取代）'));
      }
      await trx.deleteFrom('server_settings').where('key', '=', 'setup_secret').execute();
      return this.#insertUser(trx, { ...account, isAdmin: true }, account.username, now);
    });
  }

  // ── users ──────────────────────────────────────────────────────────────

  async #insertUser(trx: Db, account: { username: string; displayName: string; passwordHash: string; isAdmin: boolean }, actor: string, now: Date): Promise<User> {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', account.username).executeTakeFirst();
    if (taken) throw new GoliveError('user.exists', bi(`user "${account.username}" already exists`, `用户 "${account.username}" 已存在`));
    const row = { id: id('u'), username: account.username, display_name: account.displayName, password_hash: account.passwordHash, is_admin: account.isAdmin ? 1 : 0, failed_logins: 0, locked_until: null, created_at: now.toISOString(), deactivated_at: null };
    await trx.insertInto('users').values(row).execute();
    await appendAudit(trx, this.#auditKey, { at: row.created_at, actor, action: 'user.create', runId: null, subject: row.username, data: { id: row.id, isAdmin: account.isAdmin } });
    return toUser(row);
  }

  createUser(account: { username: string; displayName: string; passwordHash: string; isAdmin: boolean }, actor: string, now = new Date()): Promise<User> {
    return this.#write((trx) => this.#insertUser(trx, account, actor, now));
  }

  async listUsers(): Promise<User[]> {
    return (await this.#db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
  }

  async getUser(userId: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  /** The user and password hash for a login attempt. */
  async credentials(username: string): Promise<{ user: User; passwordHash: string; failedLogins: number } | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? { user: toUser(row), passwordHash: row.password_hash, failedLogins: Number(row.failed_logins) } : undefined;
  }

  /** Counts a bad password; the `lockout.attempts`-th in a row locks the account. Returns the lock's end, if locked. */
  recordLoginFailure(userId: string, now = new Date()): Promise<string | null> {
    return this.#write(async (trx) => {
      const row = await trx.selectFrom('users').select(['username', 'failed_logins']).where('id', '=', userId).executeTakeFirstOrThrow();
      const failed = Number(row.failed_logins) + 1;
      const locked = failed >= lockout.attempts ? new Date(now.getTime() + lockout.minutes * 60_000).toISOString() : null;
      await trx.updateTable('users').set({ failed_logins: locked ? 0 : failed, ...(locked ? { locked_until: locked } : {}) }).where('id', '=', userId).execute();
      if (locked) await appendAudit(trx, this.#auditKey, { at: now.toISOString(), actor: row.username, action: 'user.lock', runId: null, subject: row.username, data: { until: locked, after: lockout.attempts } });
      return locked;
    });
  }

  async resetLoginFailures(userId: string): Promise<void> {
    await this.#write((trx) => trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute());
  }

  /**
   * Changes a user's administrator flag, password, lock or whether the account is active; audited without the hash
   * (`user.deactivate` / `user.reactivate` for the account's state, `user.update` for the rest). Deactivating ends the
   * user's sessions; the audit entry moves the head, so every process sharing the database refuses its cached
   * sessions and tokens at their next request. The last active administrator keeps both the role and the account.
   */
  updateUser(userId: string, change: { isAdmin?: boolean; passwordHash?: string; unlock?: boolean; active?: boolean }, actor: string, now = new Date()): Promise<User> {
    return this.#write(async (trx) => {
      const row = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!row) throw notFound('user / 用户');
      const deactivating = change.active === false && row.deactivated_at === null;
      const reactivating = change.active === true && row.deactivated_at !== null;
      if (row.is_admin === 1 && row.deactivated_at === null && (change.isAdmin === false || deactivating)) {
        const admins = await trx.selectFrom('users').select('id').where('is_admin', '=', 1).where('deactivated_at', 'is', null).execute();
        if (admins.length === 1) {
          throw new GoliveError(
            'user.last-admin',
            deactivating
              ? bi('the last active administrator cannot be deactivated: make another user an administrator first', '不能停用最后一位有效的管理员：请先将其他用户设为管理员')
              : bi('the last administrator cannot lose the role', '不能取消最后一位管理员的管理员身份'),
          );
        }
      }
      const set = {
        ...(change.isAdmin !== undefined ? { is_admin: change.isAdmin ? 1 : 0 } : {}),
        ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
        ...(change.unlock ? { locked_until: null, failed_logins: 0 } : {}),
        ...(deactivating ? { deactivated_at: now.toISOString() } : reactivating ? { deactivated_at: null } : {}),
      };
      if (Object.keys(set).length > 0) await trx.updateTable('users').set(set).where('id', '=', userId).execute();
      if (change.passwordHash !== undefined || deactivating) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      if (deactivating || reactivating) {
        await appendAudit(trx, this.#auditKey, { at: now.toISOString(), actor, action: deactivating ? 'user.deactivate' : 'user.reactivate', runId: null, subject: row.username, data: { id: row.id } });
      }
      const other = change.isAdmin !== undefined || change.passwordHash !== undefined || change.unlock === true;
      if (other || !(deactivating || reactivating)) {
        await appendAudit(trx, this.#auditKey, { at: now.toISOString(), actor, action: 'user.update', runId: null, subject: row.username, data: { ...(change.isAdmin !== undefined ? { isAdmin: change.isAdmin } : {}), passwordChanged: change.passwordHash !== undefined, unlocked: change.unlock === true } });
      }
      return toUser({ ...row, ...set });
    });
  }

  // ── sessions ───────────────────────────────────────────────────────────

  /** A new session; the returned id goes into the cookie, only its hash is stored. */
  createSession(userId: string, now = new Date()): Promise<{ sessionId: string; csrfToken: string; expiresAt: string }> {
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000).toISOString();
    return this.#write(async (trx) => {
      await trx.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
      await trx.insertInto('sessions').values({ id_hash: secretHash(sessionId), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt }).execute();
      return { sessionId, csrfToken, expiresAt };
    });
  }

  /** A session by the sha256 of its id, expired or not (the caller compares `expiresAt`). */
  async sessionByHash(idHash: string): Promise<SessionRecord | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    return row ? { user: toUser(row), csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
  }

  /** The signed-in user of a session id, unless unknown or expired. `lookup` lets the server answer from its read cache. */
  async session(sessionId: string, now = new Date(), lookup: (idHash: string) => Promise<SessionRecord | undefined> = (idHash) => this.sessionByHash(idHash)): Promise<{ user: User; csrfToken: string } | undefined> {
    const found = await lookup(secretHash(sessionId));
    if (!found || found.expiresAt <= now.toISOString() || !found.user.active) return undefined;
    return { user: found.user, csrfToken: found.csrfToken };
  }

  async endSession(sessionId: string): Promise<void> {
    await this.#write((trx) => trx.deleteFrom('sessions').where('id_hash', '=', secretHash(sessionId)).execute());
    // A sign-out is not audited, so the head does not move: drop this process's cached sessions now (other processes
    // sharing the database keep theirs for at most `sessionCacheMs`).
    this.reads.clear();
  }

  // ── projects, members, plan roles ──────────────────────────────────────

  createProject(project: { id: string; name: string }, actor: User, now = new Date()): Promise<Project> {
    return this.#write(async (trx) => {
      const taken = await trx.selectFrom('projects').select('id').where('id', '=', project.id).executeTakeFirst();
      if (taken) throw new GoliveError('project.exists', bi(`project "${project.id}" already exists`, `项目 "${project.id}" 已存在`));
      const row = { id: project.id, name: project.name, created_at: now.toISOString(), created_by: actor.username };
      await trx.insertInto('projects').values(row).execute();
      await trx.insertInto('project_members').values({ project_id: row.id, user_id: actor.id, role: 'admin' }).execute();
      await appendAudit(trx, this.#auditKey, { at: row.created_at, actor: actor.username, action: 'project.create', runId: null, subject: row.id, data: { name: row.name } });
      return { id: row.id, name: row.name, createdAt: row.created_at, createdBy: row.created_by };
    });
  }

  async getProject(projectId: string): Promise<Project | undefined> {
    const row = await this.#db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
    return row ? { id: row.id, name: row.name, createdAt: row.created_at, createdBy: row.created_by } : undefined;
  }

  /** Projects a user sees: every one for an administrator, else those they are a member of. */
  async listProjects(user: User): Promise<Array<Project & { role: ProjectRole }>> {
    const rows = await this.#db
      .selectFrom('projects')
      .leftJoin('project_members', (join) => join.onRef('project_members.project_id', '=', 'projects.id').on('project_members.user_id', '=', user.id))
      .selectAll('projects')
      .select('project_members.role')
      .orderBy('projects.id')
      .execute();
    return rows
      .filter((row) => user.isAdmin || row.role !== null)
      .map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, createdBy: row.created_by, role: user.isAdmin ? 'admin' : (row.role as ProjectRole) }));
  }

  async memberRole(projectId: string, userId: string): Promise<ProjectRole | undefined> {
    const row = await this.#db.selectFrom('project_members').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
    return row ? (row.role as ProjectRole) : undefined;
  }

  async members(projectId: string): Promise<Member[]> {
    const rows = await this.#db.selectFrom('project_members').innerJoin('users', 'users.id', 'project_members.user_id').select(['users.id', 'users.username', 'project_members.role']).where('project_id', '=', projectId).orderBy('users.username').execute();
    return rows.map((row) => ({ userId: row.id, username: row.username, role: row.role as ProjectRole }));
  }

  /** Sets (or with `null` removes) a user's role in a project. */
  setMember(projectId: string, userId: string, role: ProjectRole | null, actor: string, now = new Date()): Promise<void> {
    return this.#write(async (trx) => {
      const user = await trx.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound('user / 用户');
      await trx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
      if (role) await trx.insertInto('project_members').values({ project_id: projectId, user_id: userId, role }).execute();
      else await trx.deleteFrom('plan_role_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
      await appendAudit(trx, this.#auditKey, { at: now.toISOString(), actor, action: 'member.set', runId: null, subject: projectId, data: { user: user.username, role } });
    });
  }

  /** The plan roles (qa, ops …) a user holds in a project. */
  async planRolesOf(projectId: string, userId: string): Promise<string[]> {
    const rows = await this.#db.selectFrom('plan_role_members').select('plan_role').where('project_id', '=', projectId).where('user_id', '=', userId).orderBy('plan_role').execute();
    return rows.map((row) => row.plan_role);
  }

  /** Who holds each plan role in a project; `active` is false for a deactivated account (it cannot sign). */
  async planRoleHolders(projectId: string): Promise<Array<{ planRole: string; userId: string; username: string; active: boolean }>> {
    const rows = await this.#db
      .selectFrom('plan_role_members')
      .innerJoin('users', 'users.id', 'plan_role_members.user_id')
      .select(['plan_role', 'users.id', 'users.username', 'users.deactivated_at'])
      .where('project_id', '=', projectId)
      .orderBy('plan_role')
      .orderBy('users.username')
      .execute();
    return rows.map((row) => ({ planRole: row.plan_role, userId: row.id, username: row.username, active: row.deactivated_at === null }));
  }

  /** Replaces who holds a plan role; every holder must be a member of the project. */
  setPlanRole(projectId: string, planRole: string, userIds: readonly string[], actor: string, now = new Date()): Promise<void> {
    return this.#write(async (trx) => {
      const members = new Set((await trx.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).execute()).map((row) => row.user_id));
      const outsider = userIds.find((userId) => !members.has(userId));
      if (outsider) throw new GoliveError('plan-role.not-member', bi(`user ${outsider} is not a member of project ${projectId}`, `用户 ${outsider} 不是项目 ${projectId} 的成员`));
      await trx.deleteFrom('plan_role_members').where('project_id', '=', projectId).where('plan_role', '=', planRole).execute();
      for (const userId of new Set(userIds)) await trx.insertInto('plan_role_members').values({ project_id: projectId, plan_role: planRole, user_id: userId }).execute();
      await appendAudit(trx, this.#auditKey, { at: now.toISOString(), actor, action: 'plan-role.set', runId: null, subject: projectId, data: { planRole, userIds: [...new Set(userIds)] } });
    });
  }

  // ── plans ──────────────────────────────────────────────────────────────

  /** Stores a plan's file (new or replacing the same plan name in the same project). */
  savePlan(projectId: string, planName: string, source: string, actor: string, now = new Date()): Promise<PlanEntry> {
    return this.#write(async (trx) => {
      const existing = await trx.selectFrom('plans').select(['id', 'project_id']).where('plan_name', '=', planName).executeTakeFirst();
      if (existing && existing.project_id !== projectId) {
        throw new GoliveError('plan.name-taken', bi(`plan name "${planName}" belongs to another project; rename the plan (its runs are kept by name)`, `计划名 "${planName}" 已属于其他项目；请修改计划名称（运行记录按名称保存）`));
      }
      const row = { id: existing?.id ?? id('p'), project_id: projectId, plan_name: planName, source_text: source, updated_at: now.toISOString(), updated_by: actor };
      if (existing) await trx.updateTable('plans').set(row).where('id', '=', row.id).execute();
      else await trx.insertInto('plans').values(row).execute();
      await appendAudit(trx, this.#auditKey, { at: row.updated_at, actor, action: 'plan.save', runId: null, subject: planName, data: { id: row.id, project: projectId, bytes: Buffer.byteLength(source) } });
      return toPlanEntry(row);
    });
  }

  async listPlans(projectId: string): Promise<PlanEntry[]> {
    const rows = await this.#db.selectFrom('plans').select(['id', 'project_id', 'plan_name', 'updated_at', 'updated_by']).where('project_id', '=', projectId).orderBy('plan_name').execute();
    return rows.map(toPlanEntry);
  }

  async getPlan(planId: string): Promise<(PlanEntry & { source: string }) | undefined> {
    const row = await this.#db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
    return row ? { ...toPlanEntry(row), source: row.source_text } : undefined;
  }

  async planByName(planName: string): Promise<PlanEntry | undefined> {
    const row = await this.#db.selectFrom('plans').select(['id', 'project_id', 'plan_name', 'updated_at', 'updated_by']).where('plan_name', '=', planName).executeTakeFirst();
    return row ? toPlanEntry(row) : undefined;
  }

  // ── API tokens ─────────────────────────────────────────────────────────

  /** A new token; the returned secret is shown once and only its hash is kept. */
  createToken(token: { name: string; user: User; projectId: string; scopes: readonly TokenScope[] }, now = new Date()): Promise<{ token: string; entry: TokenEntry }> {
    const secret = randomSecret();
    return this.#write(async (trx) => {
      const row = { id: id('t'), secret_hash: secretHash(secret), name: token.name, user_id: token.user.id, project_id: token.projectId, scopes: [...new Set(token.scopes)].join(','), created_at: now.toISOString(), last_used_at: null, revoked_at: null };
      await trx.insertInto('api_tokens').values(row).execute();
      await appendAudit(trx, this.#auditKey, { at: row.created_at, actor: token.user.username, action: 'token.create', runId: null, subject: row.id, data: { name: row.name, project: row.project_id, scopes: row.scopes } });
      return { token: `glt_${row.id}_${secret}`, entry: toToken(row) };
    });
  }

  /** A token, its user and its secret's hash by token id, revoked or not. */
  async tokenCredential(tokenId: string): Promise<TokenCredential | undefined> {
    const joined = await this.#db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('api_tokens')
      .select(['users.username', 'users.display_name', 'users.is_admin', 'users.locked_until', 'users.created_at as user_created_at', 'users.deactivated_at'])
      .where('api_tokens.id', '=', tokenId)
      .executeTakeFirst();
    if (!joined) return undefined;
    const user = toUser({ ...joined, id: joined.user_id, created_at: joined.user_created_at });
    return { token: toToken(joined), user, secretHash: joined.secret_hash };
  }

  /**
   * The token and its user for a presented `glt_<id>_<secret>`; revoked or wrong ones give undefined. Marks its last
   * use. `lookup` lets the server answer from its read cache (a revocation is audited, so it empties that cache).
   */
  async useToken(presented: string, now = new Date(), lookup: (tokenId: string) => Promise<TokenCredential | undefined> = (tokenId) => this.tokenCredential(tokenId)): Promise<{ token: TokenEntry; user: User } | undefined> {
    const match = /^glt_(t-[0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) return undefined;
    const tokenId = match[1] ?? '';
    const found = await lookup(tokenId);
    if (!found || found.token.revokedAt !== null || !found.user.active || !sameSecret(found.secretHash, secretHash(match[2] ?? ''))) return undefined;
    // At most one write a minute per token, so a busy CI job does not serialise on the write lock. This process's
    // own last write is checked first: the stored time is parsed only when it may decide.
    const usedHere = this.#tokenUses.get(tokenId) ?? 0;
    if (now.getTime() - usedHere <= 60_000) return { token: found.token, user: found.user };
    const lastUsed = Math.max(found.token.lastUsedAt ? Date.parse(found.token.lastUsedAt) : 0, usedHere);
    if (now.getTime() - lastUsed <= 60_000) return { token: found.token, user: found.user };
    this.#tokenUses.set(tokenId, now.getTime());
    await this.#write((trx) => trx.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', tokenId).execute());
    return { token: { ...found.token, lastUsedAt: now.toISOString() }, user: found.user };
  }

  async listTokens(filter: { userId?: string; projectId?: string }): Promise<TokenEntry[]> {
    let query = this.#db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    if (filter.projectId) query = query.where('project_id', '=', filter.projectId);
    return (await query.execute()).map(toToken);
  }

  async getToken(tokenId: string): Promise<TokenEntry | undefined> {
    const row = await this.#db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  revokeToken(tokenId: string, actor: string, now = new Date()): Promise<TokenEntry> {
    return this.#write(async (trx) => {
      const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
      if (!row) throw notFound('token / 令牌');
      if (row.revoked_at === null) {
        row.revoked_at = now.toISOString();
        await trx.updateTable('api_tokens').set({ revoked_at: row.revoked_at }).where('id', '=', tokenId).execute();
        await appendAudit(trx, this.#auditKey, { at: row.revoked_at, actor, action: 'token.revoke', runId: null, subject: tokenId, data: { name: row.name } });
      }
      return toToken(row);
    });
  }

  // ── uploads ────────────────────────────────────────────────────────────

  addUpload(upload: Omit<Upload, 'createdAt'>, now = new Date()): Promise<Upload> {
    const row: EvidenceFileTable = { id: upload.id, run_id: upload.runId, item_id: upload.itemId, file_name: upload.fileName, media_type: upload.mediaType, size: upload.size, sha256: upload.sha256, created_at: now.toISOString(), created_by: upload.createdBy };
    return this.#write(async (trx) => {
      await trx.insertInto('evidence_files').values(row).execute();
      await appendAudit(trx, this.#auditKey, { at: row.created_at, actor: row.created_by, action: 'upload.add', runId: row.run_id, subject: row.item_id, data: { id: row.id, fileName: row.file_name, mediaType: row.media_type, size: row.size, sha256: row.sha256 } });
      return toUpload(row);
    });
  }

  async getUpload(uploadId: string): Promise<Upload | undefined> {
    const row = await this.#db.selectFrom('evidence_files').selectAll().where('id', '=', uploadId).executeTakeFirst();
    return row ? toUpload(row) : undefined;
  }

  // ── notification targets ───────────────────────────────────────────────

  async listTargets(projectId: string): Promise<StoredTarget[]> {
    const rows = await this.#db.selectFrom('notification_targets').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
    return rows.map(toStoredTarget);
  }

  async getTarget(projectId: string, targetId: string): Promise<StoredTarget | undefined> {
    const row = await this.#db.selectFrom('notification_targets').selectAll().where('project_id', '=', projectId).where('id', '=', targetId).executeTakeFirst();
    return row ? toStoredTarget(row) : undefined;
  }

  /** Adds a target whose credentials are already references or ciphertext; the audit entry holds only what people may see. */
  addTarget(target: Omit<StoredTarget, 'createdAt' | 'createdBy'>, actor: string, now = new Date()): Promise<StoredTarget> {
    return this.#write(async (trx) => {
      const taken = await trx.selectFrom('notification_targets').select('id').where('project_id', '=', target.projectId).where('id', '=', target.id).executeTakeFirst();
      if (taken) throw new GoliveError('notify-target.exists', bi(`project ${target.projectId} already has a notification target "${target.id}"`, `项目 ${target.projectId} 已有通知目标 "${target.id}"`));
      const row: NotificationTargetTable = { project_id: target.projectId, id: target.id, type: target.type, url: target.url, url_shown: target.urlShown, secret: target.secret, lang: target.lang, created_at: now.toISOString(), created_by: actor };
      await trx.insertInto('notification_targets').values(row).execute();
      await appendAudit(trx, this.#auditKey, { at: row.created_at, actor, action: 'notify-target.add', runId: null, subject: `${row.project_id}/${row.id}`, data: { type: row.type, url: row.url_shown, hasSecret: row.secret !== null, lang: row.lang } });
      return toStoredTarget(row);
    });
  }

  removeTarget(projectId: string, targetId: string, actor: string, now = new Date()): Promise<void> {
    return this.#write(async (trx) => {
      const row = await trx.selectFrom('notification_targets').select(['type', 'url_shown']).where('project_id', '=', projectId).where('id', '=', targetId).executeTakeFirst();
      if (!row) throw notFound(`notification target ${targetId} / 通知目标 ${targetId}`);
      await trx.deleteFrom('notification_targets').where('project_id', '=', projectId).where('id', '=', targetId).execute();
      await appendAudit(trx, this.#auditKey, { at: now.toISOString(), actor, action: 'notify-target.remove', runId: null, subject: `${projectId}/${targetId}`, data: { type: row.type, url: row.url_shown } });
    });
  }

  /** Records that someone sent a test message and whether it arrived. */
  async recordTargetTest(projectId: string, targetId: string, outcome: { delivered: boolean; attempts: number }, actor: string, now = new Date()): Promise<void> {
    await this.#write((trx) => appendAudit(trx, this.#auditKey, { at: now.toISOString(), actor, action: 'notify-target.test', runId: null, subject: `${projectId}/${targetId}`, data: outcome }));
  }
}
