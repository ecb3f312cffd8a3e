import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * A service's Prometheus registry (served at GET /metrics): process metrics and the HTTP request histogram, named
 * `<prefix>http_request_duration_seconds`. Apps extend it with their own counters on `registry`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly durations: Histogram<'method' | 'route' | 'status'>;
  /** Label sets repeat (method × route × status): their children are looked up once, not hashed per request. */
  private readonly requestSeries = new Map<string, { observe(value: number): void }>();

  /** @param prefix e.g. `charter_registry_` */
  constructor(readonly prefix: string) {
    this.durations = new Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: 'HTTP request latency by method, route template and status (its _count is the request count)',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    collectDefaultMetrics({ register: this.registry, prefix });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      series = this.durations.labels({ method, route, status: String(status) });
      this.requestSeries.set(key, series);
    }
    series.observe(seconds);
  }
}
