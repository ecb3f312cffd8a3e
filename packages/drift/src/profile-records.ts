import type { DriftSettings } from '@charter/contracts';
import type { DriftEvent } from './drift-event';
import { DriftProfiler } from './drift-profiler';
import type { FieldSpec } from './field-specs';
import type { StoredProfile } from './profile/stored-profile';

export interface ProfileRecordsOptions {
  contract: { id: string; version?: string };
  source: string;
  fields: readonly FieldSpec[];
  settings?: DriftSettings;
  now?: () => number;
}

/**
 * A batch source's baseline: every record of any (async) iterable profiled, all its windows merged into one stored
 * profile. Returns undefined for a source with no records.
 */
export async function profileRecords(
  records: AsyncIterable<unknown> | Iterable<unknown>,
  options: ProfileRecordsOptions,
): Promise<StoredProfile | undefined> {
  // Every window joins the baseline: the baseline never completes while records remain.
  const profiler = new DriftProfiler({ ...options, settings: { ...options.settings, baselineWindows: 1_000_000 } });
  for await (const record of records) profiler.observe(record);
  profiler.flush();
  return profiler.storedBaseline();
}

/** A batch source's windows tested against a stored baseline: the drift events, in window order. */
export async function detectDrift(
  records: AsyncIterable<unknown> | Iterable<unknown>,
  options: ProfileRecordsOptions & { baseline: StoredProfile },
): Promise<{ events: DriftEvent[]; windows: number; count: number }> {
  const events: DriftEvent[] = [];
  let windows = 0;
  let count = 0;
  const profiler = new DriftProfiler({
    ...options,
    onDrift: (event) => events.push(event),
    onWindow: (window) => {
      windows++;
      count += window.window.count;
    },
  });
  for await (const record of records) profiler.observe(record);
  profiler.flush();
  return { events, windows, count };
}
