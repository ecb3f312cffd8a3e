import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { segment, useApi } from '../../api';
import { QueryState } from '../../layout';

export function SubjectDetailPage() {
  const api = useApi();
  const subject = useParams().subject ?? '';
  const versions = useQuery({
    queryKey: ['registry', 'subject', subject, 'versions'],
    queryFn: ({ signal }) => api.get<number[]>('registry', `/subjects/${segment(subject)}/versions`, { signal }),
  });
  return (
    <section>
      <h1>{subject}</h1>
      <QueryState query={versions} what="the versions">
        {(list) => <p>Versions: {list.join(', ')}</p>}
      </QueryState>
    </section>
  );
}
