import type { ReactNode } from 'react';
import { ApiError } from '../api';

/** How a failed fetch shows on a page: a down service by name (the rest of the console keeps working). */
export function QueryError({ error, what }: { error: unknown; what?: string }) {
  if (error instanceof ApiError) {
    if (error.isUnavailable) {
      return (
        <div role="alert" className="notice unavailable">
          {error.service} is unavailable. {what ? `${what} cannot be shown right now; ` : ''}the rest of the console
          keeps working.
        </div>
      );
    }
    return (
      <div role="alert" className="notice error">
        {what ? `${what}: ` : ''}
        {error.message} <span className="code">({error.code})</span>
      </div>
    );
  }
  return (
    <div role="alert" className="notice error">
      {what ? `${what}: ` : ''}
      {error instanceof Error ? error.message : 'something went wrong'}
    </div>
  );
}

/** Loading / error / content for one query. */
export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <QueryError error={query.error} what={what} />;
  if (query.isPending || query.data === undefined) return <p aria-busy="true">Loading{what ? ` ${what}` : ''}…</p>;
  return <>{children(query.data)}</>;
}
