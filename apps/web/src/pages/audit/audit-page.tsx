import { ComingPage } from '../../layout';

export function AuditPage() {
  return (
    <ComingPage
      title="Audit"
      description="the audit log, filtered by actor, action, target, outcome and time, page by page."
    />
  );
}
