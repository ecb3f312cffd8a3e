import type { ApiClient } from './api-client';
import type { SubjectSummary } from './registry-types';

/** GET /catalog/subjects, shared by the pages that show a subject's team, contract and compatibility. */
export const catalogQuery = (api: ApiClient) => ({
  queryKey: ['registry', 'catalog', 'subjects'],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<SubjectSummary[]>('registry', '/catalog/subjects', { signal }),
});
