import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { RequireAuth } from './auth';
import { AppLayout, NotFoundPage } from './layout';

// One chunk per page: the first load fetches only the shell and the page it opens.
const SubjectsPage = lazy(() => import('./pages/subjects/subjects-page').then((m) => ({ default: m.SubjectsPage })));
const SubjectDetailPage = lazy(() =>
  import('./pages/subject-detail/subject-detail-page').then((m) => ({ default: m.SubjectDetailPage })),
);
const ContractPage = lazy(() => import('./pages/contract/contract-page').then((m) => ({ default: m.ContractPage })));
const LineagePage = lazy(() => import('./pages/lineage/lineage-page').then((m) => ({ default: m.LineagePage })));
const ImpactPage = lazy(() => import('./pages/impact/impact-page').then((m) => ({ default: m.ImpactPage })));
const ApprovalsPage = lazy(() =>
  import('./pages/approvals/approvals-page').then((m) => ({ default: m.ApprovalsPage })),
);
const AuditPage = lazy(() => import('./pages/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const IncidentsPage = lazy(() =>
  import('./pages/incidents/incidents-page').then((m) => ({ default: m.IncidentsPage })),
);

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
