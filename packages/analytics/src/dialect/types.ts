import type { Interval } from '@tradeloop/schema';
import type { EventSqlDialect } from '@tradeloop/storage';

/** See AnalyticsDialect.nextFlagged. */
export type NextFlaggedOptions = {
  rel: string;
  cols: readonly string[];
  actor: string;
  ts: string;
  next: readonly { flag: string | null; as: string }[];
};

/** See AnalyticsDialect.nextPath. Column names are quoted identifiers, as in NextFlaggedOptions. */
export type NextPathOptions = NextFlaggedOptions & {
  /** The rows that start a path: column `flag` is 1 and the instant is before `beforeMs`. */
  entry: { flag: string; beforeMs: number };
  /** Columns of the entry row: [column of the relation, output name]. */
  select: readonly (readonly [string, string])[];
  /**
   * Hop after hop: the row of the same actor at the instant held by output column `at` (a `next` column read by
   * `select` or an earlier hop), and its columns `fetch` ([column, output name]); NULLs when `at` is NULL.
   */
  hops: readonly { at: string; fetch: readonly (readonly [string, string])[] }[];
};

/**
 * What analytics needs from an engine's SQL beyond the event store's own dialect, as capability functions: runners
 * compose these and never branch on the engine. One implementation per engine (duckdb.ts, clickhouse.ts); add a
 * capability to both, with a case in the conformance suite that exercises it.
 */
export interface AnalyticsDialect extends EventSqlDialect {
  /**
   * The label of the period an epoch-ms expression falls in, in a time zone, as text: `YYYY-MM-DD` for day, week
   * (its Monday) and month (its 1st), `YYYY-MM-DD HH:00` for hour; the same labels as `periodLabel` in time.ts.
   */
  periodLabel(msExpr: string, interval: Interval, tz: string): string;
  /** A text expression as a double, NULL when it is not a number. */
  toNumber(textExpr: string): string;
  /** Case-insensitive substring test of a text expression against a literal. */
  containsText(textExpr: string, needle: string): string;
  /**
   * The 0-based index of the period an epoch-ms expression falls in, given the periods' start instants (ascending,
   * computed in JavaScript with time.ts, so every engine buckets exactly as the labels say). Integer arithmetic when
   * the periods are evenly spaced (days and weeks in a zone without DST), else a binary search of CASEs: no time zone
   * conversion per row. Rows before `starts[0]` get an index below 0 or 0 (callers read from `starts[0]`); rows after
   * the last start get the last index. (trends, retention, AIPL)
   */
  periodIndex(msExpr: string, starts: readonly number[]): string;
  /** Aggregate: the number of distinct non-NULL values of `expr` over the rows where `cond` holds. (trends) */
  countDistinctIf(expr: string, cond: string): string;
  /** Aggregate: `valueExpr` of the row with the smallest `(orderExprs...)` tuple (ties broken by later keys). */
  argMinOf(valueExpr: string, orderExprs: readonly string[]): string;
  /**
   * Aggregate: the median of the non-NULL values of `expr` over the rows where `cond` holds, as a double: the middle
   * value, or the mean of the two middle values (computed from the exactly sorted values, so both engines agree to
   * the bit); NULL when there are none. (trends)
   */
  medianIf(expr: string, cond: string): string;
  /**
   * A SELECT expression that repeats its row once per 1-based index i of the literal list `values` for which
   * `cond(valueSql)` holds, giving i (arrayJoin / unnest); no row when none holds. (AIPL: an actor-day to the period
   * ends whose lookback covers it)
   */
  explodeIndexes(values: readonly number[], cond: (valueSql: string) => string): string;
  /**
   * A relation `(k, gap)`: for each key of `relationSql`, the differences between its consecutive `ts` values in
   * ascending order (n values give n - 1 gaps). (retention: days between repeat purchases)
   */
  consecutiveGaps(relationSql: string, keyColumn: string, tsColumn: string): string;

  // --- Funnels (funnel/) ---
  /**
   * Statements sharing intermediate relations: `body(ref)` builds the statement, `ref(name)` names a relation of
   * `defs`. DuckDB computes each once (materialised CTEs); ClickHouse 18.16 has no subquery CTEs, so the relation's
   * SQL is inlined where it is referenced. Names must be plain identifiers.
   */
  withRelations(
    defs: readonly { name: string; sql: string | ((ref: (name: string) => string) => string) }[],
    body: (ref: (name: string) => string) => string,
  ): string;
  /**
   * `rel` (columns `cols`, one row per actor and instant) with, for each of `next`, the first later instant of the
   * same actor whose `flag` column is 1 (any later instant when `flag` is null) as column `as` (NULL when none).
   * Linear per actor: DuckDB with window functions, ClickHouse 18.16 (which has none) with one sorted array per actor.
   */
  nextFlagged(o: NextFlaggedOptions): string;
  /** Arrays joined and sorted ascending. */
  arrayConcatSorted(arrayExprs: readonly string[]): string;

  // --- Attribution (attribution/) ---
  /** Aggregate: the values of `valueExpr` as an array ordered by `(orderExpr, valueExpr)` (a channel path). */
  orderedArray(valueExpr: string, orderExpr: string): string;
  /**
   * The elements of the array column `valuesColumn` whose key in the parallel array column `keysColumn` differs from
   * the next key: the last element of each run of equal keys (`a a b a` → positions 2, 3, 4). Keys are non-empty
   * texts; both arguments are column names (each is read more than once).
   */
  keepRunEnds(valuesColumn: string, keysColumn: string): string;
  /** An array's elements as text joined with a separator (numbers in their plain decimal form). */
  arrayToText(arrayExpr: string, separator: string): string;

  // --- Funnels: paths (funnel/) ---
  /**
   * The paths of a funnel over `nextFlagged`'s relation (one row per actor and instant): one row per entry row (see
   * NextPathOptions) with the actor (named `actor`), its `select` columns and each hop's `fetch` columns, in that
   * order. Both engines aggregate once per actor, without a window pass or a join: DuckDB keeps each `next` column's
   * flagged instants as a list and takes the least one after the hop's instant (list_filter); ClickHouse 18.16 (which
   * cannot share a relation between joins) sorts them in an array and takes the first later one (arrayFirstIndex).
   */
  nextPath(o: NextPathOptions): string;
}
