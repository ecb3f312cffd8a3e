import type { SchemaChange } from '../api';

/** How a change reads: which readers it breaks, or that it is safe both ways. */
export function breakingLabels(change: Pick<SchemaChange, 'breaking'>): string[] {
  const labels: string[] = [];
  if (change.breaking.backward) labels.push('breaking backward');
  if (change.breaking.forward) labels.push('breaking forward');
  return labels.length > 0 ? labels : ['safe'];
}

export function ChangeBadges({ change }: { change: Pick<SchemaChange, 'breaking'> }) {
  return (
    <>
      {breakingLabels(change).map((label) => (
        <span key={label} className={`badge ${label === 'safe' ? 'badge-safe' : 'badge-breaking'}`}>
          {label}
        </span>
      ))}
    </>
  );
}
