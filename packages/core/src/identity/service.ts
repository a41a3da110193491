import type {
  IdentityCommand,
  Page,
  Person,
  PersonEvents,
  PersonEventsQuery,
  PersonLookupQuery,
} from '@tradeloop/schema';
import type {
  Database,
  EventStore,
  OltpStore,
  PersonDistinctId,
  PersonDistinctIdsTable,
  PersonsTable,
} from '@tradeloop/storage';
import type { Expression, ExpressionBuilder, Selectable, SqlBool, Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import { comparePositions, type WalPosition } from '../events/ingest/wal.js';
import { newId } from '../ids.js';
import { orgColumnInScope, type Principal, restrictingScope } from '../marketplace/access.js';
import { type Executor, nowIso } from '../marketplace/context.js';
import { MarketplaceError, notFound } from '../marketplace/errors.js';
import { listPage } from '../marketplace/paging.js';
import {
  applyProfileOp,
  emptyTraitState,
  lookupKeys,
  mergeTraitStates,
  type TraitState,
  type Traits,
} from './traits.js';

/** The identity commands of one write-ahead-log record, at that record's position (its end, as the WAL reports it). */
export type PositionedCommands = { position: WalPosition; commands: readonly IdentityCommand[] };

export type IdentityDeps = { store: OltpStore; clock: Clock; events: EventStore };

/** A command (or one key of it) that could not be applied; the rest of the batch is applied. */
export type IdentityApplyError = {
  /** Index of the record in the applied batch (0 for `apply`). */
  record: number;
  /** Index of the command in its record. */
  command: number;
  kind: IdentityCommand['kind'];
  key?: string;
  reason: string;
};

export type ApplyResult = {
  /** Commands applied now. */
  applied: number;
  /** Commands skipped because their record's position was already applied (write-ahead-log replay). */
  skipped: number;
  personsCreated: number;
  merges: number;
  /** Distinct id rows copied to the event store's person map (including ones left over from a crash). */
  mirrored: number;
  errors: IdentityApplyError[];
  /** The last applied position after this call (null when nothing was ever applied). */
  position: WalPosition | null;
};

/** What a group call stored about a group (organisation). */
export type GroupTraits = { groupId: string; traits: Traits; createdAt: string; updatedAt: string };

type DistinctKind = 'user' | 'anonymous' | 'unknown';

const STREAM = 'wal';
/** Rows per multi-row statement: far below the bound-parameter limits of SQLite (32766) and PostgreSQL (65535). */
const ROWS_PER_STATEMENT = 500;
/** Ids per IN list. */
const IDS_PER_QUERY = 1000;
/** merged_into chains are short (each merge points at a live person); the bound only guards against a cycle. */
const MAX_MERGE_HOPS = 64;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type PersonState = {
  id: string;
  state: TraitState;
  organizationId: string | null;
  createdAt: string;
  mergedInto: string | null;
  isNew: boolean;
  dirty: boolean;
};

type DistinctState = {
  distinctId: string;
  personId: string;
  kind: DistinctKind;
  /** As loaded (null for a distinct id first seen in this batch). */
  loadedPersonId: string | null;
  loadedVersion: number;
  mirrorPending: number;
  createdAt: string;
  dirty: boolean;
};

type GroupState = { traits: Traits; createdAt: string; isNew: boolean; dirty: boolean };

/**
 * The persons of one applied batch, in memory: everything the batch touches is loaded set-wise up front, commands
 * run against these maps in order, and the changed rows are written back set-wise.
 */
class BatchState {
  readonly persons = new Map<string, PersonState>();
  readonly distinct = new Map<string, DistinctState>();
  /** Distinct ids per person, kept in step with `distinct`. */
  readonly byPerson = new Map<string, Set<string>>();
  readonly groups = new Map<string, GroupState>();
  /** Persons merged in this batch, by the person they were merged into (to repoint them if that one merges on). */
  private readonly mergedFrom = new Map<string, PersonState[]>();
  created = 0;
  merges = 0;

  constructor(private readonly now: string) {}

  addLoadedPerson(row: Selectable<PersonsTable>): void {
    this.persons.set(row.id, {
      id: row.id,
      state: {
        traits: JSON.parse(row.traits) as Traits,
        setOnceAt: JSON.parse(row.setOnceAt) as Record<string, string>,
      },
      organizationId: row.organizationId,
      createdAt: row.createdAt,
      mergedInto: row.mergedInto,
      isNew: false,
      dirty: false,
    });
  }

  addLoadedDistinct(row: Selectable<PersonDistinctIdsTable>): void {
    if (this.distinct.has(row.distinctId)) return;
    this.distinct.set(row.distinctId, {
      distinctId: row.distinctId,
      personId: row.personId,
      kind: row.kind as DistinctKind,
      loadedPersonId: row.personId,
      loadedVersion: Number(row.version),
      mirrorPending: Number(row.mirrorPending),
      createdAt: row.createdAt,
      dirty: false,
    });
    this.idsOf(row.personId).add(row.distinctId);
  }

  private idsOf(personId: string): Set<string> {
    let ids = this.byPerson.get(personId);
    if (!ids) {
      ids = new Set();
      this.byPerson.set(personId, ids);
    }
    return ids;
  }

  personOf(distinctId: string): PersonState | undefined {
    const d = this.distinct.get(distinctId);
    if (!d) return undefined;
    const person = this.persons.get(d.personId);
    if (!person) throw new Error(`identity: distinct id ${distinctId} points at unknown person ${d.personId}`);
    return person;
  }

  createPerson(): PersonState {
    const person: PersonState = {
      id: newId('psn'),
      state: emptyTraitState(),
      organizationId: null,
      createdAt: this.now,
      mergedInto: null,
      isNew: true,
      dirty: true,
    };
    this.persons.set(person.id, person);
    this.created++;
    return person;
  }

  /** Maps a distinct id to a person (new or moved) and upgrades its kind ('user' once seen as a user id). */
  link(distinctId: string, person: PersonState, kind: DistinctKind): void {
    const d = this.distinct.get(distinctId);
    if (!d) {
      this.distinct.set(distinctId, {
        distinctId,
        personId: person.id,
        kind,
        loadedPersonId: null,
        loadedVersion: 0,
        mirrorPending: 0,
        createdAt: this.now,
        dirty: true,
      });
      this.idsOf(person.id).add(distinctId);
      return;
    }
    if (d.personId !== person.id) {
      this.idsOf(d.personId).delete(distinctId);
      this.idsOf(person.id).add(distinctId);
      d.personId = person.id;
      d.dirty = true;
    }
    if (kind === 'user' && d.kind !== 'user') {
      d.kind = 'user';
      d.dirty = true;
    }
  }

  resolveOrCreate(distinctId: string, kind: DistinctKind): PersonState {
    const existing = this.personOf(distinctId);
    if (existing) {
      if (kind === 'user') this.link(distinctId, existing, 'user');
      return existing;
    }
    const person = this.createPerson();
    this.link(distinctId, person, kind);
    return person;
  }

  /** Whether the person already has a user id other than `userId` (then it is someone else's, not anonymous). */
  hasOtherUserId(person: PersonState, userId: string): boolean {
    for (const id of this.idsOf(person.id)) {
      if (id !== userId && this.distinct.get(id)?.kind === 'user') return true;
    }
    return false;
  }

  /** Moves every distinct id of `source` to `target` and merges traits into it (target's values win). */
  merge(source: PersonState, target: PersonState): void {
    if (source.id === target.id) return;
    for (const id of [...this.idsOf(source.id)]) {
      const d = this.distinct.get(id);
      if (d) this.link(id, target, d.kind);
    }
    this.byPerson.delete(source.id);
    target.state = mergeTraitStates(target.state, source.state);
    target.organizationId ??= source.organizationId;
    if (source.createdAt < target.createdAt) target.createdAt = source.createdAt;
    target.dirty = true;
    // Persons merged into the source earlier in this batch now point at the target.
    const earlier = this.mergedFrom.get(source.id) ?? [];
    this.mergedFrom.delete(source.id);
    for (const p of earlier) p.mergedInto = target.id;
    if (source.isNew) {
      // Never stored: nothing outside this batch can refer to it.
      this.persons.delete(source.id);
      this.created--;
    } else {
      source.mergedInto = target.id;
      source.dirty = true;
      earlier.push(source);
    }
    const into = this.mergedFrom.get(target.id) ?? [];
    into.push(...earlier);
    this.mergedFrom.set(target.id, into);
    this.merges++;
  }

  group(groupId: string): GroupState {
    let g = this.groups.get(groupId);
    if (!g) {
      g = { traits: {}, createdAt: this.now, isNew: true, dirty: false };
      this.groups.set(groupId, g);
    }
    return g;
  }
}

/**
 * Identity stitching: persons, the distinct ids (anonymous ids, user ids, login ids) that map to them, their traits
 * (Sensors profile semantics) and organisation, in the operational store. The distinct id → person map is mirrored
 * into the event store, so queries attribute events sent before a merge to the merged person.
 *
 * Writes come only from ingestion, through `apply`/`applyRecords`, exactly once per write-ahead-log record: the last
 * applied position is stored in the same transaction as the changes. Reads: admin and operators (persons whose
 * organisation is a marketplace organisation in their data scope; persons without one only with an unrestricted
 * scope); members may not read persons.
 */
export class IdentityService {
  /** Serialises applies in this process: each works on a consistent snapshot of the persons it touches. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Rows of an earlier run may still wait for the event store (crash or failure between the two stores). */
  private mirrorMayLag = true;

  constructor(private readonly deps: IdentityDeps) {}

  /**
   * Applies the identity commands of one write-ahead-log record at `position`; skipped when that position (or a
   * later one) was already applied.
   *
   * @example await identity.apply([{ kind: 'identify', userId: 'u1', anonymousId: 'a1', traits: {}, at }], { segment: 0, offset: 42 })
   */
  apply(commands: readonly IdentityCommand[], position: WalPosition): Promise<ApplyResult> {
    return this.applyRecords([{ position, commands }]);
  }

  /**
   * Applies many records in one transaction, set-wise: records at or before the stored position are skipped (so a
   * replay after a crash, however it is batched, applies each record once), the rest run in order. Then the changed
   * distinct ids are copied to the event store. Throws when either store fails; calling again is safe.
   */
  applyRecords(records: readonly PositionedCommands[]): Promise<ApplyResult> {
    const run = this.queue.then(() => this.applyNow(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The last applied write-ahead-log position, or null. */
  async lastPosition(): Promise<WalPosition | null> {
    return readPosition(this.deps.store.db, false);
  }

  /** Copies distinct id rows not yet in the event store's person map there (after a crash between the stores). */
  async flushMirror(): Promise<number> {
    const { db } = this.deps.store;
    let total = 0;
    for (;;) {
      const rows = await db
        .selectFrom('personDistinctIds')
        .select(['distinctId', 'personId', 'version'])
        .where('mirrorPending', '=', 1)
        .orderBy('distinctId')
        .limit(5000)
        .execute();
      if (rows.length === 0) break;
      await this.mirror(rows.map((r) => ({ ...r, version: Number(r.version) })));
      total += rows.length;
    }
    this.mirrorMayLag = false;
    return total;
  }

  private async applyNow(records: readonly PositionedCommands[]): Promise<ApplyResult> {
    let mirrored = this.mirrorMayLag ? await this.flushMirror() : 0;
    const now = nowIso(this.deps.clock);
    const outcome = await this.deps.store.db.transaction().execute(async (trx) => {
      const stored = await lockPosition(trx, this.deps.store.capabilities.rowLocks, now);
      let last = stored;
      const fresh: { index: number; record: PositionedCommands }[] = [];
      let skipped = 0;
      for (const [index, record] of records.entries()) {
        if (last !== null && comparePositions(record.position, last) <= 0) {
          skipped += record.commands.length;
          continue;
        }
        last = record.position;
        fresh.push({ index, record });
      }
      const base = { skipped, errors: [] as IdentityApplyError[], position: last };
      if (fresh.length === 0) return { ...base, applied: 0, personsCreated: 0, merges: 0, toMirror: [] };

      const batch = new BatchState(now);
      await loadBatch(
        trx,
        batch,
        fresh.map((f) => f.record),
      );
      let applied = 0;
      for (const { index, record } of fresh) {
        record.commands.forEach((command, c) => {
          applied++;
          for (const e of runCommand(batch, command))
            base.errors.push({ record: index, command: c, kind: command.kind, ...e });
        });
      }
      const toMirror = await writeBatch(trx, batch, now);
      if (last) await writePosition(trx, last, now);
      return { ...base, applied, personsCreated: batch.created, merges: batch.merges, toMirror };
    });
    if (outcome.toMirror.length > 0) {
      this.mirrorMayLag = true;
      await this.mirror(outcome.toMirror);
      this.mirrorMayLag = false;
      mirrored += outcome.toMirror.length;
    }
    const { toMirror: _rows, ...result } = outcome;
    return { ...result, mirrored };
  }

  private async mirror(rows: PersonDistinctId[]): Promise<void> {
    await this.deps.events.upsertPersonDistinctIds(rows);
    await this.deps.store.db.transaction().execute(async (trx) => {
      for (const part of chunks(rows, IDS_PER_QUERY)) {
        await trx
          .updateTable('personDistinctIds')
          .set({ mirrorPending: 0 })
          .where(
            'distinctId',
            'in',
            part.map((r) => r.distinctId),
          )
          .execute();
      }
    });
  }

  /** Persons by phone, email, user id or any distinct id (exactly one), within the principal's data scope. */
  async lookup(p: Principal, query: PersonLookupQuery): Promise<Page<Person>> {
    requireReader(p);
    const { db } = this.deps.store;
    const filter = (eb: ExpressionBuilder<Database, 'persons'>) => {
      const conds: Expression<SqlBool>[] = [eb('persons.mergedInto', 'is', null)];
      const byId = (distinctId: string, userOnly: boolean) => {
        let ids = eb
          .selectFrom('personDistinctIds')
          .select('personDistinctIds.personId')
          .where('distinctId', '=', distinctId);
        if (userOnly) ids = ids.where('personDistinctIds.kind', '=', 'user');
        return eb('persons.id', 'in', ids);
      };
      let noKey = false;
      if (query.phone !== undefined) conds.push(eb('persons.phone', '=', query.phone));
      else if (query.email !== undefined) conds.push(eb('persons.email', '=', query.email));
      else if (query.userId !== undefined) conds.push(byId(query.userId, true));
      else if (query.distinctId !== undefined) conds.push(byId(query.distinctId, false));
      else noKey = true;
      // Without a key the look-up would list everyone; the route refuses that, this guards direct callers.
      if (noKey) conds.push(eb('persons.id', '=', ''));
      const scope = restrictingScope(p);
      if (scope) conds.push(orgColumnInScope(eb, 'persons.organizationId', scope));
      return eb.and(conds);
    };
    const page = await listPage(
      db,
      db.selectFrom('persons').where(filter),
      query,
      (q) => q.selectAll().orderBy('persons.createdAt').orderBy('persons.id'),
      (row) => row,
    );
    return { ...page, items: await withDistinctIds(db, page.items) };
  }

  /**
   * One person with all distinct ids, traits and organisation. The id of a person merged into another answers
   * with that one. Out of the principal's scope → not_found; members → forbidden.
   */
  async get(p: Principal, id: string): Promise<Person> {
    const row = await this.loadVisible(p, id);
    const [person] = await withDistinctIds(this.deps.store.db, [row]);
    return person as Person;
  }

  /** The newest events of a person under any of their distinct ids, including those sent before a merge. */
  async events(p: Principal, id: string, query: PersonEventsQuery): Promise<PersonEvents> {
    const row = await this.loadVisible(p, id);
    const items = await this.deps.events.find({ personId: row.id }, { limit: query.limit, order: 'desc' });
    return { personId: row.id, items };
  }

  /** Traits of a group as set by group calls; same visibility as persons of that group. */
  async group(p: Principal, groupId: string): Promise<GroupTraits> {
    requireReader(p);
    const { db } = this.deps.store;
    const row = await db.selectFrom('groupTraits').selectAll().where('groupId', '=', groupId).executeTakeFirst();
    if (!row || !(await this.organizationVisible(p, groupId))) throw notFound('group', groupId);
    return { groupId, traits: JSON.parse(row.traits) as Traits, createdAt: row.createdAt, updatedAt: row.updatedAt };
  }

  private async loadVisible(p: Principal, id: string): Promise<Selectable<PersonsTable>> {
    requireReader(p);
    const { db } = this.deps.store;
    let row = await db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
    for (let hops = 0; row?.mergedInto && hops < MAX_MERGE_HOPS; hops++) {
      row = await db.selectFrom('persons').selectAll().where('id', '=', row.mergedInto).executeTakeFirst();
    }
    if (!row || row.mergedInto !== null || !(await this.organizationVisible(p, row.organizationId))) {
      throw notFound('person', id);
    }
    return row;
  }

  /** Unrestricted principals see every group; restricted operators only marketplace organisations in scope. */
  private async organizationVisible(p: Principal, organizationId: string | null): Promise<boolean> {
    const scope = restrictingScope(p);
    if (!scope) return true;
    if (organizationId === null) return false;
    const { db } = this.deps.store;
    const hit = await db
      .selectFrom('organizations')
      .select('organizations.id')
      .where('organizations.id', '=', organizationId)
      .where((eb) => orgColumnInScope(eb, 'organizations.id', scope))
      .executeTakeFirst();
    return hit !== undefined;
  }
}

function requireReader(p: Principal): void {
  if (p.kind === 'member') {
    throw new MarketplaceError('forbidden', 'members may not read persons');
  }
}

async function withDistinctIds(db: Executor, rows: Selectable<PersonsTable>[]): Promise<Person[]> {
  if (rows.length === 0) return [];
  const ids = await db
    .selectFrom('personDistinctIds')
    .select(['personId', 'distinctId', 'kind'])
    .where(
      'personId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('createdAt')
    .orderBy('distinctId')
    .execute();
  return rows.map((row) => {
    const mine = ids.filter((d) => d.personId === row.id);
    return {
      id: row.id,
      distinctIds: mine.map((d) => d.distinctId),
      userIds: mine.filter((d) => d.kind === 'user').map((d) => d.distinctId),
      traits: JSON.parse(row.traits) as Traits,
      organizationId: row.organizationId,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

async function readPosition(db: Executor, forUpdate: boolean): Promise<WalPosition | null> {
  let q = db.selectFrom('identityPositions').select(['segment', 'recordOffset']).where('stream', '=', STREAM);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || Number(row.segment) < 0) return null;
  return { segment: Number(row.segment), offset: Number(row.recordOffset) };
}

/** Reads the stored position, locking its row where the engine has row locks (one applier at a time). */
async function lockPosition(trx: Transaction<Database>, rowLocks: boolean, now: string): Promise<WalPosition | null> {
  if (!rowLocks) return readPosition(trx, false);
  // The row must exist to be locked; -1 stands for "nothing applied yet".
  await trx
    .insertInto('identityPositions')
    .values({ stream: STREAM, segment: -1, recordOffset: -1, updatedAt: now })
    .onConflict((oc) => oc.column('stream').doNothing())
    .execute();
  return readPosition(trx, true);
}

async function writePosition(trx: Transaction<Database>, position: WalPosition, now: string): Promise<void> {
  await trx
    .insertInto('identityPositions')
    .values({ stream: STREAM, segment: position.segment, recordOffset: position.offset, updatedAt: now })
    .onConflict((oc) =>
      oc.column('stream').doUpdateSet({ segment: position.segment, recordOffset: position.offset, updatedAt: now }),
    )
    .execute();
}

/** Loads, in a few set-wise queries, every person, distinct id and group the records refer to. */
async function loadBatch(trx: Transaction<Database>, batch: BatchState, records: readonly PositionedCommands[]) {
  const distinctIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const { commands } of records) {
    for (const c of commands) {
      switch (c.kind) {
        case 'identify':
          distinctIds.add(c.userId);
          if (c.anonymousId) distinctIds.add(c.anonymousId);
          break;
        case 'alias':
          distinctIds.add(c.previousId);
          distinctIds.add(c.userId);
          break;
        case 'group':
          distinctIds.add(c.distinctId);
          groupIds.add(c.groupId);
          break;
        case 'profile':
          distinctIds.add(c.distinctId);
          break;
      }
    }
  }
  // All distinct ids of every person involved, not only the referenced ones: a merge moves them all.
  for (const part of chunks([...distinctIds], IDS_PER_QUERY)) {
    const rows = await trx
      .selectFrom('personDistinctIds')
      .selectAll()
      .where('personId', 'in', (eb) =>
        eb.selectFrom('personDistinctIds as d').select('d.personId').where('d.distinctId', 'in', part),
      )
      .execute();
    for (const row of rows) batch.addLoadedDistinct(row);
  }
  for (const part of chunks([...batch.byPerson.keys()], IDS_PER_QUERY)) {
    const rows = await trx.selectFrom('persons').selectAll().where('id', 'in', part).execute();
    for (const row of rows) batch.addLoadedPerson(row);
  }
  for (const part of chunks([...groupIds], IDS_PER_QUERY)) {
    const rows = await trx.selectFrom('groupTraits').selectAll().where('groupId', 'in', part).execute();
    for (const row of rows) {
      batch.groups.set(row.groupId, {
        traits: JSON.parse(row.traits) as Traits,
        createdAt: row.createdAt,
        isNew: false,
        dirty: false,
      });
    }
  }
}

type CommandError = { key?: string; reason: string };

const usableId = (id: unknown): id is string => typeof id === 'string' && id.length > 0 && id.length <= 200;

/** Runs one command against the batch; returns what could not be applied. */
function runCommand(batch: BatchState, command: IdentityCommand): CommandError[] {
  switch (command.kind) {
    case 'identify': {
      const { userId, traits } = command;
      if (!usableId(userId)) return [{ key: 'userId', reason: 'identify needs a userId' }];
      const anonymousId = usableId(command.anonymousId) && command.anonymousId !== userId ? command.anonymousId : null;
      const person = identify(batch, userId, anonymousId);
      return setTraits(person, traits, command.at);
    }
    case 'alias': {
      const { previousId, userId } = command;
      if (!usableId(previousId)) return [{ key: 'previousId', reason: 'alias needs a previousId' }];
      if (!usableId(userId)) return [{ key: 'userId', reason: 'alias needs a userId' }];
      const target = batch.resolveOrCreate(userId, 'user');
      const previous = batch.personOf(previousId);
      if (!previous) batch.link(previousId, target, 'unknown');
      else batch.merge(previous, target);
      return [];
    }
    case 'group': {
      const { distinctId, groupId, traits } = command;
      if (!usableId(distinctId)) return [{ key: 'distinctId', reason: 'group needs a distinct id' }];
      if (!usableId(groupId)) return [{ key: 'groupId', reason: 'group needs a groupId' }];
      const person = batch.resolveOrCreate(distinctId, 'unknown');
      if (person.organizationId !== groupId) {
        person.organizationId = groupId;
        person.dirty = true;
      }
      const group = batch.group(groupId);
      if (traits && Object.keys(traits).length > 0) {
        const { state, errors } = applyProfileOp({ traits: group.traits, setOnceAt: {} }, 'set', traits, command.at);
        group.traits = state.traits;
        group.dirty = true;
        return errors;
      }
      if (group.isNew) group.dirty = true;
      return [];
    }
    case 'profile': {
      const { distinctId, op, properties } = command;
      if (!usableId(distinctId)) return [{ key: 'distinctId', reason: 'a profile operation needs a distinct id' }];
      const person = batch.resolveOrCreate(distinctId, 'unknown');
      const { state, errors } = applyProfileOp(person.state, op, properties ?? {}, command.at);
      person.state = state;
      person.dirty = true;
      return errors;
    }
  }
}

/**
 * identify(userId, anonymousId): links the two ids to one person, merging the anonymous id's person into the user's.
 * An anonymous id whose person already has another user id is left alone (a shared device: two accounts in one
 * browser are two people), as Sensors and PostHog do; the user gets a person of their own.
 */
function identify(batch: BatchState, userId: string, anonymousId: string | null): PersonState {
  const user = batch.personOf(userId);
  const anon = anonymousId === null ? undefined : batch.personOf(anonymousId);
  if (user) {
    batch.link(userId, user, 'user');
    if (anonymousId !== null && !anon) batch.link(anonymousId, user, 'anonymous');
    if (anon && anon.id !== user.id && !batch.hasOtherUserId(anon, userId)) batch.merge(anon, user);
    return user;
  }
  if (anon && !batch.hasOtherUserId(anon, userId)) {
    batch.link(userId, anon, 'user');
    return anon;
  }
  const person = batch.createPerson();
  batch.link(userId, person, 'user');
  if (anonymousId !== null && !anon) batch.link(anonymousId, person, 'anonymous');
  return person;
}

function setTraits(person: PersonState, traits: Record<string, unknown> | undefined, at: string): CommandError[] {
  if (!traits || Object.keys(traits).length === 0) return [];
  const { state, errors } = applyProfileOp(person.state, 'set', traits, at);
  person.state = state;
  person.dirty = true;
  return errors;
}

/** Writes the batch's changed rows with multi-row upserts; returns the distinct ids to copy to the event store. */
async function writeBatch(trx: Transaction<Database>, batch: BatchState, now: string): Promise<PersonDistinctId[]> {
  const persons = [...batch.persons.values()]
    .filter((p) => p.dirty)
    .map((p) => {
      const keys = p.mergedInto === null ? lookupKeys(p.state.traits) : { phone: null, email: null };
      return {
        id: p.id,
        traits: JSON.stringify(p.state.traits),
        setOnceAt: JSON.stringify(p.state.setOnceAt),
        organizationId: p.organizationId,
        phone: keys.phone,
        email: keys.email,
        createdAt: p.createdAt,
        updatedAt: now,
        mergedInto: p.mergedInto,
      };
    });
  for (const part of chunks(persons, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('persons')
      .values(part)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          traits: eb.ref('excluded.traits'),
          setOnceAt: eb.ref('excluded.setOnceAt'),
          organizationId: eb.ref('excluded.organizationId'),
          phone: eb.ref('excluded.phone'),
          email: eb.ref('excluded.email'),
          createdAt: eb.ref('excluded.createdAt'),
          updatedAt: eb.ref('excluded.updatedAt'),
          mergedInto: eb.ref('excluded.mergedInto'),
        })),
      )
      .execute();
  }

  const toMirror: PersonDistinctId[] = [];
  const distinct = [...batch.distinct.values()]
    .filter((d) => d.dirty)
    .map((d) => {
      const moved = d.loadedPersonId !== d.personId;
      const version = moved ? d.loadedVersion + 1 : d.loadedVersion;
      if (moved) toMirror.push({ distinctId: d.distinctId, personId: d.personId, version });
      return {
        distinctId: d.distinctId,
        personId: d.personId,
        kind: d.kind,
        version,
        mirrorPending: moved ? 1 : d.mirrorPending,
        createdAt: d.createdAt,
      };
    });
  for (const part of chunks(distinct, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('personDistinctIds')
      .values(part)
      .onConflict((oc) =>
        oc.column('distinctId').doUpdateSet((eb) => ({
          personId: eb.ref('excluded.personId'),
          kind: eb.ref('excluded.kind'),
          version: eb.ref('excluded.version'),
          mirrorPending: eb.ref('excluded.mirrorPending'),
        })),
      )
      .execute();
  }

  const groups = [...batch.groups.entries()]
    .filter(([, g]) => g.dirty)
    .map(([groupId, g]) => ({ groupId, traits: JSON.stringify(g.traits), createdAt: g.createdAt, updatedAt: now }));
  for (const part of chunks(groups, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('groupTraits')
      .values(part)
      .onConflict((oc) =>
        oc.column('groupId').doUpdateSet((eb) => ({
          traits: eb.ref('excluded.traits'),
          updatedAt: eb.ref('excluded.updatedAt'),
        })),
      )
      .execute();
  }
  return toMirror;
}
