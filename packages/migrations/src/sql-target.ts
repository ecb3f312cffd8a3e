/**
 * The little a migration needs from a database session: run parameterised queries, and run a script of several
 * statements. `pg`'s Client and PGlite both fit (wrap PGlite with {@link pgliteTarget}).
 */
export interface SqlTarget {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script that may hold several statements. */
  exec(sql: string): Promise<unknown>;
}

/** A `pg` Client or pool client: its simple-query protocol runs multi-statement scripts. */
export function pgTarget(client: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): SqlTarget {
  return {
    query: async <Row>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)) as unknown as { rows: Row[] },
    exec: (sql: string) => client.query(sql),
  };
}
