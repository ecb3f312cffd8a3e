import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { segment, useApi } from '../../api';
import { QueryState } from '../../layout';

export function SubjectsPage() {
  const api = useApi();
  const subjects = useQuery({
    queryKey: ['registry', 'subjects'],
    queryFn: ({ signal }) => api.get<string[]>('registry', '/subjects', { signal }),
  });
  return (
    <section>
      <h1>Subjects</h1>
      <QueryState query={subjects} what="the subjects">
        {(names) =>
          names.length === 0 ? (
            <p>No subjects yet.</p>
          ) : (
            <ul className="subject-list" data-testid="subject-list">
              {names.map((name) => (
                <li key={name}>
                  <Link to={`/subjects/${segment(name)}`}>{name}</Link>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
