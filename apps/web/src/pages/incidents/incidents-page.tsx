import { ComingPage } from '../../layout';

export function IncidentsPage() {
  return (
    <ComingPage title="Incidents" description="incidents and drills: the list, the timeline and the post-mortem." />
  );
}
