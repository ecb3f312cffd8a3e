import { type SlaEvaluation, SlaEvaluator } from '../evaluate/sla-evaluator';
import { MetricHistory } from '../metrics/metric-history';
import type { Sla } from '../openslo/sla-model';
import { type Clock, Scraper, type ScrapeTarget, systemClock } from './scraper';

export interface SlaMonitorOptions {
  sla: Sla;
  targets: ScrapeTarget[];
  intervalMilliseconds: number;
  /** See SlaEvaluatorOptions.windowScale. */
  windowScale?: number;
  clock?: Clock;
}

/** Scraper, history and evaluator wired together: what a drill starts, asks `evaluate()` of, and stops. */
export interface SlaMonitor {
  history: MetricHistory;
  scraper: Scraper;
  evaluator: SlaEvaluator;
  /** Evaluates the SLA at `now` (default: the clock's time), after forgetting scrapes no window needs. */
  evaluate(now?: number): SlaEvaluation;
  stop(): Promise<void>;
}

export function startSlaMonitor(options: SlaMonitorOptions): SlaMonitor {
  const clock = options.clock ?? systemClock;
  const history = new MetricHistory();
  const evaluator = new SlaEvaluator({ sla: options.sla, source: history, windowScale: options.windowScale });
  const scraper = new Scraper({
    targets: options.targets,
    history,
    intervalMilliseconds: options.intervalMilliseconds,
    clock,
  });
  scraper.start();
  return {
    history,
    scraper,
    evaluator,
    evaluate(now = clock.now()) {
      history.prune(now - evaluator.retentionMilliseconds());
      return evaluator.evaluate(now);
    },
    stop: () => scraper.stop(),
  };
}
