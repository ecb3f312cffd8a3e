import { type DriftEvent, FieldProfile, type StoredProfile } from '@charter/drift';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** One line per field: nulls, distinct values, and the quantiles or the most frequent values. */
export function formatProfileSummary(profile: StoredProfile): string {
  const lines = [`profile of ${profile.source} for contract ${profile.contract.id}: ${profile.count} record(s)`];
  for (const [path, stored] of Object.entries(profile.fields)) {
    const field = FieldProfile.fromJSON(stored);
    let shape = '';
    if (field.numeric && field.numeric.count > 0) {
      const at = (q: number) => Math.round(field.numeric!.quantile(q) * 100) / 100;
      shape = `p5 ${at(0.05)}, p50 ${at(0.5)}, p95 ${at(0.95)}`;
    } else if (field.categories) {
      const top = field.categories
        .top(5)
        .map(({ value, count }) => `${JSON.stringify(value)} ${percent(count / Math.max(1, field.categories!.total))}`);
      shape = field.categories.overflowed
        ? `free text (over ${field.categories.limit} values)`
        : `top ${top.join(', ')}`;
    }
    lines.push(
      `  ${path} (${field.kind}): nulls ${percent(field.nullRate)}, ~${stored.distinct.estimate} distinct${shape ? `; ${shape}` : ''}`,
    );
  }
  return lines.join('\n');
}

/** `DRIFT amount_cents ks 0.312 > 0.100 in records 30000–39999`, or that nothing drifted. */
export function formatDriftReport(
  result: { events: DriftEvent[]; windows: number; count: number },
  baseline: StoredProfile,
): string {
  const head = `${result.windows} window(s), ${result.count} record(s) against the baseline of ${baseline.count} record(s) from ${baseline.source}`;
  if (result.events.length === 0) return `ok   no drift: ${head}`;
  return [
    ...result.events.map(
      (event) =>
        `DRIFT ${event.field} ${event.test} ${event.statistic.toFixed(3)} > ${event.threshold.toFixed(3)} in the window ending ${event.window.end} (${event.window.count} records)`,
    ),
    `${result.events.length} drift event(s): ${head}`,
  ].join('\n');
}
