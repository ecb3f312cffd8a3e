import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { catalogQuery, type SubjectSummary, segment, useApi } from '../../api';
import { QueryState } from '../../layout';
import { filterOptions, filterSubjects, NO_CONTRACT, type SubjectFilters } from './filter-subjects';

const FILTER_NAMES = ['search', 'team', 'contract', 'tier', 'compatibility'] as const;

/** The filters live in the URL, so a filtered list can be shared and survives a reload. */
function useFilters(): [SubjectFilters, (name: keyof SubjectFilters, value: string | boolean) => void] {
  const [params, setParams] = useSearchParams();
  const filters: SubjectFilters = {
    search: params.get('search') ?? '',
    team: params.get('team') ?? '',
    contract: params.get('contract') ?? '',
    tier: params.get('tier') ?? '',
    compatibility: params.get('compatibility') ?? '',
    showDeleted: params.get('deleted') === 'true',
  };
  const set = (name: keyof SubjectFilters, value: string | boolean) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        const key = name === 'showDeleted' ? 'deleted' : name;
        if (value === '' || value === false) next.delete(key);
        else next.set(key, String(value));
        return next;
      },
      { replace: true },
    );
  };
  return [filters, set];
}

function SelectFilter(props: {
  name: (typeof FILTER_NAMES)[number];
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  const id = `filter-${props.name}`;
  return (
    <div className="filter">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} className="input" value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">Any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

function SubjectsTable({ subjects, all }: { subjects: SubjectSummary[]; all: number }) {
  return (
    <>
      <p className="count" aria-live="polite">
        {subjects.length} of {all} subjects
      </p>
      <table className="data-table" data-testid="subjects-table">
        <caption className="visually-hidden">Subjects</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Team</th>
            <th scope="col">Contract</th>
            <th scope="col">Tier</th>
            <th scope="col">Compatibility</th>
            <th scope="col">Versions</th>
            <th scope="col">Format</th>
          </tr>
        </thead>
        <tbody>
          {subjects.map((subject) => (
            <tr key={subject.subject} className={subject.deleted ? 'deleted' : undefined}>
              <th scope="row">
                <Link to={`/subjects/${segment(subject.subject)}`}>{subject.subject}</Link>
                {subject.deleted && <span className="badge badge-deleted">soft-deleted</span>}
              </th>
              <td>{subject.team ?? '—'}</td>
              <td>
                {subject.contract ? (
                  <Link to={`/contracts/${segment(subject.contract.id)}`}>
                    {subject.contract.id} {subject.contract.version}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td>{subject.contract?.tier ?? '—'}</td>
              <td>{subject.compatibility}</td>
              <td>
                {subject.versions}
                {subject.deletedVersions > 0 && <span className="muted"> (+{subject.deletedVersions} deleted)</span>}
              </td>
              <td>{subject.schemaType}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function SubjectsPage() {
  const api = useApi();
  const catalog = useQuery(catalogQuery(api));
  const [filters, setFilter] = useFilters();
  const options = useMemo(() => filterOptions(catalog.data ?? []), [catalog.data]);
  const shown = useMemo(() => filterSubjects(catalog.data ?? [], filters), [catalog.data, filters]);
  return (
    <section>
      <h1>Subjects</h1>
      <search className="filters" aria-label="Filter subjects">
        <div className="filter grow">
          <label htmlFor="filter-search">Search</label>
          <input
            id="filter-search"
            className="input"
            type="search"
            value={filters.search}
            placeholder="subject name"
            onChange={(event) => setFilter('search', event.target.value)}
          />
        </div>
        <SelectFilter
          name="team"
          label="Team"
          value={filters.team}
          options={options.teams}
          onChange={(value) => setFilter('team', value)}
        />
        <SelectFilter
          name="contract"
          label="Contract"
          value={filters.contract}
          options={[...options.contracts, NO_CONTRACT]}
          onChange={(value) => setFilter('contract', value)}
        />
        <SelectFilter
          name="tier"
          label="Tier"
          value={filters.tier}
          options={options.tiers}
          onChange={(value) => setFilter('tier', value)}
        />
        <SelectFilter
          name="compatibility"
          label="Compatibility"
          value={filters.compatibility}
          options={options.compatibilities}
          onChange={(value) => setFilter('compatibility', value)}
        />
        <div className="filter checkbox">
          <input
            id="filter-deleted"
            type="checkbox"
            checked={filters.showDeleted}
            onChange={(event) => setFilter('showDeleted', event.target.checked)}
          />
          <label htmlFor="filter-deleted">Show soft-deleted</label>
        </div>
      </search>
      <QueryState query={catalog} what="the subjects">
        {(all) =>
          all.length === 0 ? (
            <p>No subjects yet. Register a schema or run `charter apply contracts`.</p>
          ) : (
            <SubjectsTable subjects={shown} all={all.length} />
          )
        }
      </QueryState>
    </section>
  );
}
