import {
  type CheckFailedNotice,
  type DriftNotice,
  type NotificationDispatcher,
  type NotificationRoutes,
  type PlannedDelivery,
  planCheckFailedNotifications,
  planDriftNotifications,
} from '@charter/notify';
import type { Logger } from 'pino';
import type { CheckResult, CheckRunDocument } from '../http/check-run.dto';
import type { DriftEventDocument } from '../http/drift-event.dto';
import type { CheckRunStatistics } from '../storage/check-run.repository';

/** How long queueing may take before the post answers anyway (the notification is then given up, logged). */
const ENQUEUE_TIMEOUT_MS = 1_000;
/** Failing checks named in a notice; the link has them all. */
export const NOTICE_FAILURES = 10;
/** An observed value is shown as at most this much JSON. */
const OBSERVED_CHARACTERS = 200;

export interface OwnedContract {
  id: string;
  version: string;
  team: string;
}

/**
 * Tells the team owning a contract that a check run of it failed or that one of its fields drifted, through the
 * routes file's endpoints for that team (`@charter/notify`, BullMQ on Redis). Best-effort and bounded in time: a
 * notification never fails or holds up the post it is about, and a Redis outage loses it (logged) — the run or
 * event itself is stored and listed.
 */
export class CheckNotifier {
  constructor(
    private readonly dispatcher: Pick<NotificationDispatcher, 'enqueue'> | undefined,
    private readonly routes: NotificationRoutes | undefined,
    private readonly publicUrl: string,
    private readonly logger: Logger,
  ) {}

  checkFailed(run: CheckRunDocument, contract: OwnedContract, statistics: CheckRunStatistics): Promise<void> {
    const failing = failingFirst(run.results);
    const notice: CheckFailedNotice = {
      key: run.run_id,
      contract,
      kind: run.kind,
      source: run.source,
      finishedAt: run.finished_at,
      statistics: {
        evaluated: statistics.evaluated_expectations,
        failed: statistics.unsuccessful_expectations,
        successPercent: statistics.success_percent,
      },
      failures: failing.slice(0, NOTICE_FAILURES).map(describeFailure),
      failuresLeftOut: Math.max(0, failing.length - NOTICE_FAILURES),
      link: `${this.publicUrl}/checks/${run.run_id}`,
    };
    return this.send('check.failed', { contract: contract.id, runId: run.run_id }, (routes) =>
      planCheckFailedNotifications(notice, routes),
    );
  }

  driftDetected(event: DriftEventDocument, contract: Omit<OwnedContract, 'version'>): Promise<void> {
    const notice: DriftNotice = {
      key: event.event_id,
      contract: { ...contract, ...(event.contract_version === undefined ? {} : { version: event.contract_version }) },
      source: event.source,
      field: event.field,
      test: event.test,
      statistic: event.statistic,
      threshold: event.threshold,
      window: event.window,
      baseline: event.baseline,
      detectedAt: event.detected_at,
      link: `${this.publicUrl}/contracts/${encodeURIComponent(contract.id)}/drift-events`,
    };
    return this.send('drift.detected', { contract: contract.id, eventId: event.event_id }, (routes) =>
      planDriftNotifications(notice, routes),
    );
  }

  private async send(
    kind: string,
    fields: Record<string, string>,
    plan: (routes: NotificationRoutes) => PlannedDelivery[],
  ): Promise<void> {
    if (!this.dispatcher || !this.routes) return;
    const { dispatcher, routes } = this;
    const work = (async () => {
      const planned = plan(routes);
      await Promise.all(planned.map(({ id, delivery }) => dispatcher.enqueue(delivery, id)));
      return planned.length;
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`not queued within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
    });
    try {
      const deliveries = await Promise.race([work, timeout]);
      this.logger.info({ event: `${kind}.notified`, ...fields, deliveries }, `${kind} notified`);
    } catch (error) {
      work.catch(() => undefined);
      this.logger.warn(
        { event: `${kind}.notify.failed`, ...fields, error: (error as Error).message },
        `${kind} notification not queued`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The failing results, errors before warnings, each group in the run's order. */
function failingFirst(results: readonly CheckResult[]): CheckResult[] {
  return [
    ...results.filter((result) => !result.success && result.severity === 'error'),
    ...results.filter((result) => !result.success && result.severity === 'warning'),
  ];
}

function describeFailure(result: CheckResult): CheckFailedNotice['failures'][number] {
  const observed = result.result.observed_value;
  const observedText = observed === undefined ? undefined : JSON.stringify(observed);
  const message =
    result.message ?? (result.exception_info && `${result.exception_info.code}: ${result.exception_info.message}`);
  return {
    id: result.id,
    severity: result.severity,
    expectation: result.expectation_config.expectation_type,
    ...(observedText === undefined
      ? {}
      : {
          observed:
            observedText.length > OBSERVED_CHARACTERS
              ? `${observedText.slice(0, OBSERVED_CHARACTERS - 1)}…`
              : observedText,
        }),
    ...(result.result.unexpected_count === undefined ? {} : { unexpectedCount: result.result.unexpected_count }),
    ...(result.result.unexpected_percent === undefined ? {} : { unexpectedPercent: result.result.unexpected_percent }),
    ...(message === undefined ? {} : { message }),
  };
}
