import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { segment, useApi } from '../../api';
import { QueryState } from '../../layout';

export function ContractPage() {
  const api = useApi();
  const name = useParams().contract;
  const contracts = useQuery({
    queryKey: ['registry', 'contracts'],
    queryFn: ({ signal }) => api.get<Array<{ id: string }>>('registry', '/contracts', { signal }),
    enabled: name === undefined,
  });
  if (name !== undefined) {
    return (
      <section>
        <h1>Contract {name}</h1>
      </section>
    );
  }
  return (
    <section>
      <h1>Contracts</h1>
      <QueryState query={contracts} what="the contracts">
        {(list) => (
          <ul>
            {list.map((contract) => (
              <li key={contract.id}>
                <Link to={`/contracts/${segment(contract.id)}`}>{contract.id}</Link>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
