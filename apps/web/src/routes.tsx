import type { QueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { type ApiClient, catalogQuery } from './api';
import { RequireAuth } from './auth';
import { AppLayout, NotFoundPage } from './layout';

// One chunk per page: the first load fetches only the shell and the page it opens.
const loadSubjects = () => import('./pages/subjects/subjects-page').then((m) => ({ default: m.SubjectsPage }));
const loadSubjectDetail = () =>
  import('./pages/subject-detail/subject-detail-page').then((m) => ({ default: m.SubjectDetailPage }));
const loadContract = () => import('./pages/contract/contract-page').then((m) => ({ default: m.ContractPage }));
const SubjectsPage = lazy(loadSubjects);
const SubjectDetailPage = lazy(loadSubjectDetail);
const ContractPage = lazy(loadContract);
const LineagePage = lazy(() => import('./pages/lineage/lineage-page').then((m) => ({ default: m.LineagePage })));
const ImpactPage = lazy(() => import('./pages/impact/impact-page').then((m) => ({ default: m.ImpactPage })));
const ApprovalsPage = lazy(() =>
  import('./pages/approvals/approvals-page').then((m) => ({ default: m.ApprovalsPage })),
);
const AuditPage = lazy(() => import('./pages/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const IncidentsPage = lazy(() =>
  import('./pages/incidents/incidents-page').then((m) => ({ default: m.IncidentsPage })),
);

/**
 * Starts loading what the page at `pathname` needs — its chunk, and with a key its first query — before the key is
 * verified and the page renders (otherwise: key check, then chunk, then data, one after another).
 */
export function preloadRoute(pathname: string, data?: { queryClient: QueryClient; api: ApiClient }): void {
  if (pathname === '/' || pathname === '/subjects' || pathname === '/subjects/') {
    void loadSubjects();
    if (data) void data.queryClient.prefetchQuery({ ...catalogQuery(data.api), retry: false });
  } else if (pathname.startsWith('/subjects/')) {
    void loadSubjectDetail();
    if (data) void data.queryClient.prefetchQuery({ ...catalogQuery(data.api), retry: false });
  } else if (pathname.startsWith('/contracts')) void loadContract();
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/subjects" replace />} />
        <Route path="subjects" element={<SubjectsPage />} />
        <Route path="subjects/:subject" element={<SubjectDetailPage />} />
        <Route path="contracts" element={<ContractPage />} />
        <Route path="contracts/:contract" element={<ContractPage />} />
        <Route path="lineage" element={<LineagePage />} />
        <Route path="impact" element={<ImpactPage />} />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="incidents" element={<IncidentsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
