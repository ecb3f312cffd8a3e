import type { DriftEvent, StoredProfile } from '@charter/drift';
import { driftMetrics, HttpDriftReporter, readProfileFile } from '@charter/drift/node';
import { InvalidInputError } from '@charter/errors';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { type DriftContracts, StreamDriftObserver } from './stream-drift-observer';

export interface PipelineDriftOptions {
  /** The registry's base URL: events go to its `POST /drift-events`. */
  registryUrl: string;
  /** The pipeline's API key; the registry keeps an event only from the contract's owning team or an admin. */
  credentials: { keyId: string; secret: string } | undefined;
  /** The Prometheus registry the pipeline's /metrics serves. */
  metrics: Registry;
  baselines: readonly StoredProfile[];
  logger: Logger;
  /** Reporter tuning (tests): one post's timeout and the first retry's delay. */
  timeoutMs?: number;
  backoffMs?: number;
}

/** How long shutdown waits for drift events still queued before dropping them. */
const SHUTDOWN_GRACE_MS = 2_000;

/**
 * Drift detection for the pipeline's consumers: one observer per stream (see StreamDriftObserver), their windows and
 * detections on the pipeline's /metrics (`charter_drift_statistic{contract,field,test}` and the rest of
 * `driftMetrics`), each detection logged and sent to the registry, which keeps it and notifies the contract's owners.
 * Sending never holds a record up: the reporter queues, and an event the registry does not take is counted
 * (`charter_pipeline_drift_reports_total{outcome}`: sent, failed, dropped) and logged once per outage.
 */
export class PipelineDrift {
  private readonly reporter: HttpDriftReporter;
  private readonly metrics: ReturnType<typeof driftMetrics>;
  private failing = false;

  constructor(private readonly options: PipelineDriftOptions) {
    this.metrics = driftMetrics(options.metrics);
    const reports = new Counter({
      name: 'charter_pipeline_drift_reports_total',
      help: 'Drift events sent to the registry, by outcome (sent, failed: refused or out of retries, dropped)',
      labelNames: ['outcome'] as const,
      registers: [options.metrics],
    });
    const { credentials, logger } = options;
    this.reporter = new HttpDriftReporter({
      url: options.registryUrl,
      headers: credentials
        ? { authorization: `Basic ${Buffer.from(`${credentials.keyId}:${credentials.secret}`).toString('base64')}` }
        : {},
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
      onSent: () => {
        reports.inc({ outcome: 'sent' });
        if (this.failing) {
          this.failing = false;
          logger.info({ event: 'drift.report-recovered' }, 'the registry takes drift events again');
        }
      },
      onGiveUp: ({ event, reason }) => {
        reports.inc({ outcome: reason === 'queue full' ? 'dropped' : 'failed' });
        const fields = { contract: event.contract, field: event.field, test: event.test, reason };
        if (!this.failing) {
          this.failing = true;
          logger.warn(
            { event: 'drift.report-failed', ...fields },
            reason === 'HTTP 403' || reason === 'HTTP 401'
              ? "the registry refused a drift event: the pipeline's key must be an admin key or the contract's owning team's (logged once until one is taken)"
              : 'a drift event did not reach the registry; records are stored regardless (logged once until one is taken)',
          );
        } else logger.debug({ event: 'drift.report-failed', ...fields }, 'a drift event did not reach the registry');
      },
    });
    for (const outcome of ['sent', 'failed', 'dropped']) reports.inc({ outcome }, 0);
  }

  /** The profiling observer for one stream's consumer. */
  observerFor(stream: { subject: string; topic: string }, contracts: DriftContracts): StreamDriftObserver {
    return new StreamDriftObserver({
      ...stream,
      contracts,
      baselines: this.options.baselines,
      onWindow: this.metrics.onWindow,
      onDrift: (event) => this.detected(event),
      logger: this.options.logger,
    });
  }

  /** Sends what is queued, for a short while, then stops (after the consumers stopped). */
  async close(): Promise<void> {
    await within(this.reporter.flush(), SHUTDOWN_GRACE_MS);
    await within(this.reporter.close(), SHUTDOWN_GRACE_MS);
  }

  private detected(event: DriftEvent): void {
    this.metrics.onDrift(event);
    this.options.logger.warn(
      {
        event: 'drift.detected',
        contract: event.contract,
        field: event.field,
        test: event.test,
        statistic: event.statistic,
        threshold: event.threshold,
        window: event.window,
        eventId: event.event_id,
      },
      `${event.contract}.${event.field} drifted (${event.test} ${round(event.statistic)} > ${round(event.threshold)})`,
    );
    this.reporter.report(event);
  }
}

/**
 * The stored baseline named by `CHARTER_PIPELINE_DRIFT_BASELINE`, read at start: a file that cannot be read
 * (`profile-not-found`) or is not a profile (`invalid-profile`) stops the start with a message naming the variable.
 */
export async function readDriftBaselines(file: string | undefined): Promise<StoredProfile[]> {
  if (file === undefined) return [];
  try {
    return [await readProfileFile(file)];
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(error.code, `CHARTER_PIPELINE_DRIFT_BASELINE: ${error.message}`);
  }
}

function within(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function round(value: number): string {
  return value.toPrecision(3);
}
