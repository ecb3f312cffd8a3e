import type { DriftSettings } from '@charter/contracts';
import type { DriftEvent } from './drift-event';
import { type ResolvedDriftSettings, resolveDriftSettings } from './drift-settings';
import type { FieldSpec } from './field-specs';
import { baselineFromStored, PROFILE_FORMAT, type StoredProfile } from './profile/stored-profile';
import { WindowProfile } from './profile/window-profile';
import { type DriftTestResult, evaluateWindow } from './tests/evaluate-window';

export interface DriftProfilerOptions {
  contract: { id: string; version?: string };
  /** `kafka:<topic>` for a consumer, a dataset's name for a batch source. */
  source: string;
  fields: readonly FieldSpec[];
  /** The contract's `drift` property (defaults where absent). */
  settings?: DriftSettings;
  /** A stored baseline (`charter profile`); without one, the first `baselineWindows` windows are the baseline. */
  baseline?: StoredProfile;
  /** The clock (ms since the epoch) for window bounds and time-based windows. */
  now?: () => number;
  /** Each drifted field and test of a window. */
  onDrift?(event: DriftEvent): void;
  /** Each closed window: while the baseline is forming (no results), then with every test's result. */
  onWindow?(window: ClosedWindow): void;
}

export interface ClosedWindow {
  contract: { id: string; version?: string };
  source: string;
  phase: 'baseline' | 'tested';
  window: { start: number; end: number; count: number };
  results: DriftTestResult[];
}

/**
 * The streaming profiler: `observe` each valid record (synchronous, a few hundred nanoseconds per field); every
 * `windowRecords` records (or `windowMs`, whichever comes first) the window closes, is tested against the baseline
 * and drifted fields are emitted as DriftEvents. Windows tumble; the baseline, once formed, stays fixed.
 */
export class DriftProfiler {
  readonly settings: ResolvedDriftSettings;
  private readonly now: () => number;
  private baseline: WindowProfile | undefined;
  private baselineWindows = 0;
  private current: WindowProfile;

  constructor(private readonly options: DriftProfilerOptions) {
    this.settings = resolveDriftSettings(options.settings);
    this.now = options.now ?? Date.now;
    if (options.baseline) {
      this.baseline = baselineFromStored(options.baseline);
      this.baselineWindows = options.baseline.windows;
    }
    this.current = this.openWindow();
  }

  /** Whether windows are being tested (the baseline is complete). */
  get baselineReady(): boolean {
    return (
      this.baseline !== undefined &&
      (this.options.baseline !== undefined || this.baselineWindows >= this.settings.baselineWindows)
    );
  }

  observe(record: unknown): void {
    const window = this.current;
    window.observe(record);
    if (window.count >= this.settings.windowRecords) this.closeWindow();
    else if (this.settings.windowMs !== undefined && this.now() - window.start >= this.settings.windowMs)
      this.closeWindow();
  }

  /** Closes the current window now if it holds records (a time-based window on a quiet stream; shutdown; a batch's end). */
  flush(): void {
    if (this.current.count > 0) this.closeWindow();
  }

  /** The baseline as a stored profile (to keep, or to compare against later), once there is one. */
  storedBaseline(): StoredProfile | undefined {
    const baseline = this.baseline;
    if (!baseline) return undefined;
    return {
      format: PROFILE_FORMAT,
      version: 1,
      contract: this.options.contract,
      source: this.options.source,
      created_at: new Date(this.now()).toISOString(),
      windows: this.baselineWindows,
      count: baseline.count,
      start: new Date(baseline.start).toISOString(),
      end: new Date(baseline.end).toISOString(),
      fields: baseline.toJSON(),
    };
  }

  private openWindow(): WindowProfile {
    return new WindowProfile(this.options.fields, this.now(), {
      maxCategories: this.settings.maxCategories,
      ...(this.baselineReady && this.baseline ? { baseline: this.baseline } : {}),
    });
  }

  private closeWindow(): void {
    const window = this.current;
    window.end = this.now();
    const bounds = { start: window.start, end: window.end, count: window.count };
    const { contract, source } = this.options;
    if (!this.baselineReady) {
      if (this.baseline) this.baseline.merge(window);
      else this.baseline = window;
      this.baselineWindows++;
      this.current = this.openWindow();
      this.options.onWindow?.({ contract, source, phase: 'baseline', window: bounds, results: [] });
      return;
    }
    const baseline = this.baseline!;
    this.current = this.openWindow();
    const results = evaluateWindow(baseline, window, this.options.fields, this.settings);
    this.options.onWindow?.({ contract, source, phase: 'tested', window: bounds, results });
    const onDrift = this.options.onDrift;
    if (!onDrift) return;
    const detectedAt = new Date(window.end).toISOString();
    for (const result of results) {
      if (!result.drifted) continue;
      onDrift({
        event_id: globalThis.crypto.randomUUID(),
        contract: contract.id,
        ...(contract.version === undefined ? {} : { contract_version: contract.version }),
        source,
        field: result.field,
        test: result.test,
        statistic: result.statistic,
        threshold: result.threshold,
        window: { start: new Date(window.start).toISOString(), end: detectedAt, count: window.count },
        baseline: { windows: this.baselineWindows, count: baseline.count },
        detected_at: detectedAt,
      });
    }
  }
}
