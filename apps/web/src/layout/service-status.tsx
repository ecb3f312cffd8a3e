import { useQuery } from '@tanstack/react-query';
import { ApiError, useApi } from '../api';

/**
 * Says so, on every page, when the console cannot reach lineage: the pages that need it cannot load, every other
 * page keeps working. Checked through the console's proxy (its 502 UPSTREAM_UNAVAILABLE) every 30 s.
 */
export function ServiceStatus() {
  const api = useApi();
  const lineage = useQuery({
    queryKey: ['lineage', 'health'],
    queryFn: ({ signal }) => api.get<{ status: string }>('lineage', '/health', { signal }),
    refetchInterval: 30_000,
    retry: false,
    staleTime: 10_000,
  });
  if (!(lineage.error instanceof ApiError) || !lineage.error.isUnavailable) return null;
  return (
    <div role="status" className="notice unavailable service-status" data-testid="lineage-status">
      lineage is unavailable: the lineage explorer and impact pages cannot load until it is back; everything else keeps
      working.
    </div>
  );
}
