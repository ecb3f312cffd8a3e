import type { SubjectSummary } from '../../api';

export interface SubjectFilters {
  /** Matched anywhere in the name, case-insensitively. */
  search: string;
  team: string;
  contract: string;
  tier: string;
  compatibility: string;
  /** Soft-deleted subjects are listed too. */
  showDeleted: boolean;
}

export const NO_CONTRACT = '(none)';

/** The subjects that pass every filter set (an empty filter passes everything). */
export function filterSubjects(subjects: readonly SubjectSummary[], filters: SubjectFilters): SubjectSummary[] {
  const search = filters.search.trim().toLowerCase();
  return subjects.filter(
    (subject) =>
      (filters.showDeleted || !subject.deleted) &&
      (search === '' || subject.subject.toLowerCase().includes(search)) &&
      (filters.team === '' || subject.team === filters.team) &&
      (filters.contract === '' ||
        (filters.contract === NO_CONTRACT ? subject.contract === null : subject.contract?.id === filters.contract)) &&
      (filters.tier === '' || subject.contract?.tier === filters.tier) &&
      (filters.compatibility === '' || subject.compatibility === filters.compatibility),
  );
}

/** The values each filter can take, from the subjects themselves (sorted, each once). */
export function filterOptions(subjects: readonly SubjectSummary[]) {
  const distinct = (values: Array<string | null | undefined>) =>
    [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))].sort();
  return {
    teams: distinct(subjects.map((subject) => subject.team)),
    contracts: distinct(subjects.map((subject) => subject.contract?.id)),
    tiers: distinct(subjects.map((subject) => subject.contract?.tier)),
    compatibilities: distinct(subjects.map((subject) => subject.compatibility)),
  };
}
