import type { MetricHistory } from '../metrics/metric-history';
import { type Exposition, parseExposition } from '../metrics/parse-exposition';

export interface ScrapeTarget {
  /** The `job` label its series get, e.g. `registry`. */
  name: string;
  /** Its metrics endpoint, e.g. `http://127.0.0.1:8081/metrics`. */
  url: string;
}

/** Where time comes from: the real clock by default, a drill's or a test's otherwise. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const DEFAULT_TIMEOUT_MILLISECONDS = 2_000;

export interface ScraperOptions {
  targets: ScrapeTarget[];
  history: MetricHistory;
  intervalMilliseconds: number;
  clock?: Clock;
  /** Per scrape; a target slower than this counts as down for that scrape (default 2 s; rounds never overlap). */
  timeoutMilliseconds?: number;
  /** Called after each round of scrapes with its time (e.g. to evaluate the SLA right away). */
  onScrape?: (at: number) => void;
}

/**
 * Polls each target's `/metrics` on an interval, as Prometheus does, and records every scrape in a MetricHistory,
 * a failed one (refused, timed out, non-2xx, unparsable) as `up == 0`. Rounds never overlap.
 */
export class Scraper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly clock: Clock;

  constructor(private readonly options: ScraperOptions) {
    if (!(options.intervalMilliseconds > 0)) throw new Error('intervalMilliseconds must be positive');
    this.clock = options.clock ?? systemClock;
  }

  /** One round: every target scraped at the same instant of the clock. */
  async scrapeOnce(): Promise<number> {
    const at = this.clock.now();
    const timeout = this.options.timeoutMilliseconds ?? DEFAULT_TIMEOUT_MILLISECONDS;
    const results = await Promise.all(this.options.targets.map((target) => scrape(target.url, timeout)));
    this.options.targets.forEach((target, index) => {
      this.options.history.record(target.name, at, results[index]);
    });
    this.options.onScrape?.(at);
    return at;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      this.running = this.scrapeOnce()
        .catch(() => undefined)
        .then(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.options.intervalMilliseconds);
        });
    };
    loop();
  }

  /** Stops polling and waits for a round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

async function scrape(url: string, timeoutMilliseconds: number): Promise<Exposition | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMilliseconds) });
    if (!response.ok) return undefined;
    return parseExposition(await response.text());
  } catch {
    return undefined;
  }
}
