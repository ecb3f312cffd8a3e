import { ComingPage } from '../../layout';

export function ApprovalsPage() {
  return (
    <ComingPage
      title="Approvals"
      description="the approval queue with state, requester, approver teams and expiry; approve or reject where your key may."
    />
  );
}
