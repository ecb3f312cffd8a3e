import type { SubjectSummary } from '../../api';
import { filterOptions, filterSubjects, NO_CONTRACT, type SubjectFilters } from './filter-subjects';

const subject = (name: string, extra: Partial<SubjectSummary> = {}): SubjectSummary => ({
  subject: name,
  deleted: false,
  versions: 1,
  deletedVersions: 0,
  latestVersion: 1,
  schemaType: 'AVRO',
  team: null,
  contract: null,
  compatibility: 'BACKWARD',
  mode: 'READWRITE',
  ...extra,
});

const orders = subject('orders-value', {
  team: 'orders',
  contract: { id: 'orders', version: '3.1.0', team: 'orders', tier: 'tier-1' },
  compatibility: 'BACKWARD_TRANSITIVE',
});
const events = subject('user-events-value', { team: 'growth' });
const gone = subject('old-value', { deleted: true, versions: 0, deletedVersions: 2 });
const all = [orders, events, gone];
const none: SubjectFilters = { search: '', team: '', contract: '', tier: '', compatibility: '', showDeleted: false };

describe('filterSubjects', () => {
  it('hides soft-deleted subjects unless asked', () => {
    expect(filterSubjects(all, none)).toEqual([orders, events]);
    expect(filterSubjects(all, { ...none, showDeleted: true })).toEqual(all);
  });

  it.each([
    [{ search: 'EVENTS' }, [events]],
    [{ team: 'orders' }, [orders]],
    [{ contract: 'orders' }, [orders]],
    [{ contract: NO_CONTRACT }, [events]],
    [{ tier: 'tier-1' }, [orders]],
    [{ compatibility: 'BACKWARD' }, [events]],
    [{ team: 'orders', compatibility: 'BACKWARD' }, []],
  ])('filters by %j', (filters, expected) => {
    expect(filterSubjects(all, { ...none, ...filters })).toEqual(expected);
  });
});

describe('filterOptions', () => {
  it('offers each value once, sorted', () => {
    expect(filterOptions(all)).toEqual({
      teams: ['growth', 'orders'],
      contracts: ['orders'],
      tiers: ['tier-1'],
      compatibilities: ['BACKWARD', 'BACKWARD_TRANSITIVE'],
    });
  });
});
