import { appendFile } from 'node:fs/promises';
import { ActionFailedError, type ActionRegistry, loadRunbook, type TimelineEntry } from '@charter/runbook';
import {
  autoAcknowledge,
  type IncidentChannels,
  incidentActions,
  runIncident,
  type ServiceEndpoint,
} from '@charter/runbook/node';
import type { AlertStatus, Sla, SlaEvaluation } from '@charter/sla';
import { type SlaMonitor, startSlaMonitor } from '@charter/sla/node';
import { findBreaches, latestVersion, shipBreakingChange } from './breaking-change';
import { DrillError, DrillErrorCode } from './drill-error';
import type { DrillReport, HypothesisResult } from './drill-report';
import { type Component, type FaultTarget, isBackingService, type Scenario } from './drill-scenario';
import { type BrokerControls, FaultInjector } from './fault-injector';
import { formatDrillSection } from './format-drill-report';
import { startLocalNotificationSink } from './local-notification-sink';
import { PipelineWorkload } from './pipeline-workload';
import { RegistryWorkload, type WorkloadLedger } from './registry-workload';

export interface RunDrillOptions {
  scenario: Scenario;
  sla: Sla;
  /** The runbook file's text (runbooks/<scenario.runbook>). */
  runbookText: string;
  /** runbooks/postmortem.md.hbs */
  postmortemTemplate: string;
  outputDir: string;
  registry: ServiceEndpoint;
  lineage: ServiceEndpoint;
  pipeline?: ServiceEndpoint;
  /**
   * The Kafka cluster of the pipeline-records workload; `idempotent: false` for librdkafka's mock broker, whose
   * fault controls (`controls`) broker-down needs.
   */
  kafka?: { brokers: string[]; idempotent?: boolean; controls?: BrokerControls };
  /**
   * Where the incident is kept and acknowledged (a registry); default `registry`. A fault on the registry's own
   * database needs another one: the incident cannot be opened in the registry that is down.
   */
  incidents?: ServiceEndpoint;
  /**
   * The Toxiproxy API of a fault proxy already in a backing service's path (`charter chaos proxy`; the registry's
   * DATABASE_URL or REDIS_URL pointing at its proxy named `postgres` or `redis`). Needed for faults on those.
   */
  faultProxyUrl?: string;
  /** PagerDuty and Slack; without them, pages and messages go to an in-process sink listed in the report. */
  channels?: Omit<IncidentChannels, 'registryUrl'>;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
  scrapeIntervalMs?: number;
  acknowledgeDelayMs?: number;
}

/** The drill's own actions the runbooks name beside @charter/runbook's. */
export const DRILL_ACTIONS = ['alert.severity', 'fault.remove', 'slo.await-recovery', 'workload.conservation'] as const;

const SEVERITY_ORDER = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];
const KAFKA_CONNECT_TIMEOUT_MS = 20_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/** Answers `GET <url>/metrics` or throws the drill's component-not-running error naming the component. */
async function requireRunning(name: string, url: string): Promise<void> {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3_000) });
    await response.arrayBuffer();
    if (response.status >= 500) throw new Error(`answered ${response.status}`);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new DrillError(DrillErrorCode.ComponentNotRunning, `${name} is not running at ${url} (${cause})`, {
      component: name,
      url,
    });
  }
}

/** The SLI of an SLO over the shortest window that has data; undefined without data. */
function shortestWindowSli(evaluation: SlaEvaluation, slo: string): number | undefined {
  const status = evaluation.slis.find((sli) => sli.slo === slo);
  if (!status) return undefined;
  const windows = [...status.windows]
    .filter((window) => window.value !== undefined)
    .sort((a, b) => a.windowMilliseconds - b.windowMilliseconds);
  return windows[0]?.value;
}

function checkHypotheses(scenario: Scenario, evaluation: SlaEvaluation, phase: string): HypothesisResult[] {
  return scenario.steadyState.hypotheses.map((hypothesis) => {
    const value = shortestWindowSli(evaluation, hypothesis.slo);
    return {
      name: `${phase}: ${hypothesis.slo} ≥ ${hypothesis.atLeast}`,
      held: value !== undefined && value >= hypothesis.atLeast,
      detail: value === undefined ? 'no data' : `SLI ${value.toFixed(4)}`,
    };
  });
}

const watchedFiring = (evaluation: SlaEvaluation, slos: readonly string[]): AlertStatus[] =>
  evaluation.firing
    .filter((alert) => slos.includes(alert.slo))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));

/**
 * Runs one drill against a running stack: components checked, steady state observed, the fault injected, detected
 * through the SLA's burn-rate alerts over the components' /metrics (windows ÷ timeScale), the incident walked through
 * the runbook's five stages (human steps auto-acknowledged), the fault removed, recovery and hypotheses verified, the
 * post-mortem written. Throws DrillError when it cannot run; otherwise the report says whether every hypothesis held.
 */
export async function runDrill(options: RunDrillOptions): Promise<DrillReport> {
  const { scenario, sla } = options;
  const say = options.onProgress ?? (() => {});
  const scale = 1 / scenario.timeScale;
  const intervalMs = options.scrapeIntervalMs ?? 100;
  const startedAt = Date.now();

  const watchedSlos = 'slos' in scenario.detection ? scenario.detection.slos : [];
  const breaking = scenario.fault.kind === 'breaking-change' ? scenario.fault : undefined;
  for (const slo of [...watchedSlos, ...scenario.steadyState.hypotheses.map((h) => h.slo)]) {
    if (!sla.slos.some((candidate) => candidate.name === slo))
      throw new DrillError(DrillErrorCode.InvalidInput, `the SLA has no SLO named "${slo}"`, { slo });
  }
  const runbookResult = loadRunbook(options.runbookText, {
    actions: [...Object.keys(incidentActions(placeholderServices())), ...DRILL_ACTIONS],
  });
  if (!runbookResult.ok) {
    throw new DrillError(
      DrillErrorCode.InvalidInput,
      `runbook ${scenario.runbook}: ${runbookResult.problems
        .map((p) => `line ${p.line ?? '?'}:${p.column ?? 1} (${p.path}): ${p.message}`)
        .join('; ')}`,
      { problems: runbookResult.problems },
    );
  }
  const runbook = runbookResult.runbook;

  const components: Record<Component, ServiceEndpoint | undefined> = {
    registry: options.registry,
    lineage: options.lineage,
    pipeline: options.pipeline,
    kafka: options.kafka?.brokers[0] ? { url: `kafka://${options.kafka.brokers[0]}` } : undefined,
  };
  const faultComponent: FaultTarget =
    'component' in scenario.fault
      ? scenario.fault.component
      : scenario.fault.kind === 'poison-pills' || scenario.fault.kind === 'broker-down'
        ? 'kafka'
        : 'registry';
  if (scenario.fault.kind === 'poison-pills' && scenario.workload?.kind !== 'pipeline-records') {
    throw new DrillError(DrillErrorCode.InvalidInput, 'poison-pills needs a pipeline-records workload to poison');
  }
  if (scenario.fault.kind === 'broker-down') {
    if (scenario.workload?.kind !== 'pipeline-records') {
      throw new DrillError(DrillErrorCode.InvalidInput, 'broker-down needs a pipeline-records workload to interrupt');
    }
    if (options.kafka && !options.kafka.controls) {
      throw new DrillError(
        DrillErrorCode.BrokerControlRequired,
        `broker-down takes the broker down through its own fault controls, which a Kafka cluster the drill did not ` +
          `start (${options.kafka.brokers.join(',')}) does not offer: run it with --kafka embedded (the testkit's ` +
          'mock broker, started by the drill)',
        { brokers: options.kafka.brokers },
      );
    }
  }
  const behindRegistry = isBackingService(faultComponent);
  const incidents = options.incidents ?? options.registry;
  if (behindRegistry && !options.faultProxyUrl) {
    throw new DrillError(
      DrillErrorCode.FaultProxyRequired,
      `the fault is on the registry's ${faultComponent}, which the drill cannot reroute: start a fault proxy ` +
        `(\`charter chaos proxy\`) with a proxy named "${faultComponent}" in front of it, start the registry with its ` +
        `${faultComponent === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL'} pointing at that proxy, and pass the proxy's API ` +
        'with --proxy-url',
      { component: faultComponent },
    );
  }
  if (faultComponent === 'postgres' && incidents.url === options.registry.url) {
    throw new DrillError(
      DrillErrorCode.FaultProxyRequired,
      "the fault takes the registry's database down, and the incident is kept in that registry: pass another " +
        'registry with --incidents',
      { component: faultComponent },
    );
  }
  const needed = new Set<Component>(['registry', 'lineage', ...(behindRegistry ? [] : [faultComponent as Component])]);
  for (const name of needed) {
    const endpoint = components[name];
    if (!endpoint) throw new DrillError(DrillErrorCode.ComponentNotRunning, `${name}: no URL given`);
    if (name !== 'kafka') await requireRunning(name, endpoint.url);
  }
  say(`drill ${scenario.metadata.name}: registry, lineage${needed.has('pipeline') ? ', pipeline' : ''} answer`);

  const closers: Array<() => Promise<unknown>> = [];
  const sink = options.channels ? undefined : await startLocalNotificationSink();
  if (sink) closers.push(() => sink.close());
  const channels: IncidentChannels = {
    ...(options.channels ?? {
      endpoints: {
        pagerduty: { channel: 'pagerduty', url: `${sink!.origin}/pagerduty`, routingKey: 'drill' },
        slack: { channel: 'slack', url: `${sink!.origin}/slack` },
      },
    }),
    registryUrl: incidents.url,
  };

  const injector = behindRegistry
    ? await FaultInjector.attach({ fault: scenario.fault, apiUrl: options.faultProxyUrl! }).catch((error: unknown) => {
        throw new DrillError(
          DrillErrorCode.FaultProxyRequired,
          `no fault proxy named "${faultComponent}" at ${options.faultProxyUrl} (${(error as Error).message})`,
          { component: faultComponent, url: options.faultProxyUrl },
        );
      })
    : await FaultInjector.start({
        fault: scenario.fault,
        upstreamUrl: components[faultComponent as Component]!.url,
        brokers: options.kafka?.controls,
      });
  closers.push(() => injector.close());
  let workload: RegistryWorkload | PipelineWorkload | undefined;
  let monitor: SlaMonitor | undefined;
  const hypotheses: HypothesisResult[] = [];
  let ledger: WorkloadLedger | undefined;
  let lastEvaluation: SlaEvaluation | undefined;
  const timeline: TimelineEntry[] = [];
  const report: DrillReport = {
    scenario: scenario.metadata.name,
    title: scenario.metadata.title,
    status: 'failed',
    timeScale: scenario.timeScale,
    startedAt: new Date(startedAt).toISOString(),
    hypotheses,
    stages: [],
    notifications: [],
  };

  try {
    const targets = [
      { name: 'registry', url: `${options.registry.url}/metrics` },
      { name: 'lineage', url: `${options.lineage.url}/metrics` },
    ];
    if (scenario.workload?.kind === 'pipeline-records') {
      if (!options.kafka) throw new DrillError(DrillErrorCode.ComponentNotRunning, 'kafka: no brokers given');
      const pipeline = new PipelineWorkload({
        brokers: options.kafka.brokers,
        proxy: injector.proxyUrl.replace(/^kafka:\/\//, ''),
        through: scenario.workload.through,
        registryUrl: options.registry.url,
        authorization: options.registry.authorization,
        topic: scenario.workload.topic,
        ratePerSecond: scenario.workload.ratePerSecond,
        idempotent: options.kafka.idempotent ?? true,
        groupId: `charter-drill-${scenario.metadata.name}-${startedAt}`,
        requestTimeoutMs: scenario.workload.requestTimeout,
        sessionTimeoutMs: scenario.workload.sessionTimeout,
      });
      workload = pipeline;
      const pills = scenario.fault.kind === 'poison-pills' ? scenario.fault : undefined;
      if (pills) {
        injector.hooks = {
          inject: () => pipeline.startPills(pills.sorts, pills.perSecond),
          remove: () => pipeline.stopPills(),
        };
      }
      closers.push(() => pipeline.close());
      targets.push({ name: 'pipeline', url: await pipeline.serveMetrics() });
      // kafkajs retries a connection (and an idempotent producer's InitProducerId) for a long time: bounded, and named.
      const brokers = options.kafka.brokers.join(',');
      const cannotConnect = (why: string) =>
        new DrillError(
          DrillErrorCode.ComponentNotRunning,
          `kafka: the workload's clients cannot use ${brokers} (${why}); a mock broker such as npm start's embedded ` +
            'one has no idempotent producer for kafkajs: use --kafka embedded',
          { brokers: options.kafka!.brokers },
        );
      let connectTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        pipeline.connect().catch((error: unknown) => {
          throw cannotConnect((error as Error).message);
        }),
        new Promise<never>((_, reject) => {
          connectTimer = setTimeout(
            () => reject(cannotConnect(`not connected within ${KAFKA_CONNECT_TIMEOUT_MS / 1000} s`)),
            KAFKA_CONNECT_TIMEOUT_MS,
          );
        }),
      ]).finally(() => clearTimeout(connectTimer));
      pipeline.start();
    } else if (scenario.workload) {
      const latest = await fetch(
        `${options.registry.url}/subjects/${encodeURIComponent(scenario.workload.subject)}/versions/latest`,
        { headers: authHeaders(options.registry), signal: AbortSignal.timeout(5_000) },
      );
      if (latest.status !== 200) {
        throw new DrillError(
          DrillErrorCode.InvalidInput,
          `the workload's subject "${scenario.workload.subject}" is not in the registry (${latest.status})`,
        );
      }
      const { id } = (await latest.json()) as { id: number };
      workload = new RegistryWorkload({
        // A fault behind the registry: its clients reach it directly; otherwise through the drill's proxy.
        registryUrl: behindRegistry ? options.registry.url : injector.proxyUrl,
        fetchMaxId: scenario.workload.fetchMaxId,
        authorization: options.registry.authorization,
        schemaId: id,
        ratePerSecond: scenario.workload.ratePerSecond,
        retryEveryMs: scenario.workload.retryEvery,
        deadLetterAfterMs: scenario.workload.deadLetterAfter,
      });
      targets.push({ name: 'drill-clients', url: await workload.serveMetrics() });
      closers.push(() => workload!.close());
      workload.start();
    }
    monitor = startSlaMonitor({ sla, targets, intervalMilliseconds: intervalMs, windowScale: scale });
    closers.push(() => monitor!.stop());
    const evaluate = () => {
      lastEvaluation = monitor!.evaluate();
      return lastEvaluation;
    };

    // 1. Steady state.
    say(`steady state: watching for ${scenario.steadyState.duration} ms`);
    await sleep(scenario.steadyState.duration, options.signal);
    if (options.signal?.aborted) return await finishAborted(report, injector, say);
    const steady = checkHypotheses(scenario, evaluate(), 'before');
    hypotheses.push(...steady);
    if (steady.some((h) => !h.held) || watchedFiring(lastEvaluation!, watchedSlos).length > 0) {
      say('steady state does not hold: no fault injected');
      report.status = 'steady-state-failed';
      return report;
    }

    // 2. The fault.
    await injector.inject();
    const faultAt = Date.now();
    report.faultAt = new Date(faultAt).toISOString();
    const shipped = breaking
      ? await shipBreakingChange({ fault: breaking, registry: options.registry, lineage: options.lineage })
      : undefined;
    say(
      shipped
        ? `fault injected: ${breaking!.subject} v${shipped.version} drops ${breaking!.field}; a batch job wrote ${breaking!.dataset.name} without it`
        : `fault injected: ${scenario.fault.kind} on ${faultComponent}`,
    );

    // A fault absorbed by design: held while no watched SLO may burn and the hypotheses must hold; no incident.
    if ('absorbed' in scenario.detection) {
      const hold = scenario.detection.hold;
      const missesBefore = await cacheMisses(options.registry);
      const fired = new Set<string>();
      while (Date.now() - faultAt < hold && !options.signal?.aborted) {
        for (const firing of watchedFiring(evaluate(), watchedSlos))
          fired.add(`${firing.policy} on ${firing.slo} (${firing.severity})`);
        await sleep(intervalMs, options.signal);
      }
      if (options.signal?.aborted) return await finishAborted(report, injector, say);
      const during = checkHypotheses(scenario, evaluate(), 'during the fault');
      const misses =
        missesBefore === undefined ? undefined : ((await cacheMisses(options.registry)) ?? missesBefore) - missesBefore;
      await injector.remove();
      say(`fault held ${hold} ms, then removed: ${fired.size} watched alert(s) fired, ${misses ?? '?'} cache misses`);
      report.absorbed = { holdMs: hold, alertsFired: [...fired], cacheMisses: misses };
      hypotheses.push({
        name: `absorbed: no alert of ${watchedSlos.join(', ')} fires while the fault is on`,
        held: fired.size === 0,
        detail: fired.size > 0 ? [...fired].join('; ') : 'none fired',
      });
      hypotheses.push(...during);
      if (faultComponent === 'redis') {
        // The cache-health signal: the fault did reach the registry, whose reads fell through to PostgreSQL.
        hypotheses.push({
          name: 'the fault reached the registry: its reads fell through the cache to PostgreSQL',
          held: (misses ?? 0) > 0,
          detail: `${misses ?? 'unknown'} cache miss(es) while the fault was on`,
        });
      }
      ledger = await workload?.drain(
        Math.max(5_000, scenario.workload?.kind === 'registry-reads' ? scenario.workload.deadLetterAfter + 1_000 : 0),
      );
      const restoreDeadline = Date.now() + Math.max(5_000, longestBurnWindowMs(sla, scale));
      let after = checkHypotheses(scenario, evaluate(), 'after');
      while (after.some((h) => !h.held) && Date.now() < restoreDeadline && !options.signal?.aborted) {
        await sleep(intervalMs, options.signal);
        after = checkHypotheses(scenario, evaluate(), 'after');
      }
      if (scenario.after.steadyStateRestored) hypotheses.push(...after);
      if (scenario.after.conservation) {
        hypotheses.push({
          name: 'no message lost (produced = processed + dead-lettered, by id)',
          held: (ledger?.lost ?? 0) === 0,
          detail: ledger
            ? `${ledger.produced} produced, ${ledger.processed} processed, ${ledger.deadLettered} dead-lettered, ${ledger.lost} lost`
            : 'no workload',
        });
      }
      report.status = hypotheses.every((h) => h.held) ? 'passed' : 'failed';
      return report;
    }

    // 3. Detection, as production would: a burn-rate alert of a watched SLO firing.
    // A breaking change: lineage's contract-breach check recording the batch job's run.
    let alert: AlertStatus | undefined;
    while (!options.signal?.aborted && Date.now() - faultAt < scenario.abort.notDetectedWithin) {
      if (shipped) {
        const found = await findBreaches(options.lineage, shipped.runId, report.faultAt);
        if (found.length > 0) {
          alert = breachAlert(found.length);
          break;
        }
      } else {
        alert = watchedFiring(evaluate(), watchedSlos)[0];
        if (alert) break;
      }
      await sleep(intervalMs / 2, options.signal);
    }
    if (options.signal?.aborted) return await finishAborted(report, injector, say);
    if (!alert) {
      await injector.remove();
      say(`not detected within ${scenario.abort.notDetectedWithin} ms: the fault is removed, the drill fails`);
      report.status = 'not-detected';
      hypotheses.push({ name: 'the fault is detected', held: false, detail: 'no watched alert fired' });
      ledger = await workload?.drain(5_000);
      return report;
    }
    const detectedAt = Date.now();
    const targetsOf = sla.severities[alert.severity];
    report.detection = {
      slo: alert.slo,
      policy: alert.policy,
      severity: alert.severity,
      burnRate: alert.burnRate,
      detectedAt: new Date(detectedAt).toISOString(),
      mttdMs: detectedAt - faultAt,
      timeToDetectMs: targetsOf ? Math.round(targetsOf.timeToDetectMilliseconds * scale) : undefined,
      timeToRecoverMs: targetsOf ? Math.round(targetsOf.timeToRecoverMilliseconds * scale) : undefined,
    };
    say(
      shipped
        ? `detected after ${detectedAt - faultAt} ms: lineage's contract-breach check, ${alert.condition}`
        : `detected after ${detectedAt - faultAt} ms: ${alert.policy} on ${alert.slo} (${alert.severity}) firing`,
    );

    // 4. The incident, through the runbook's five stages.
    let recoveredAt: number | undefined;
    const drillActions: ActionRegistry = {
      'alert.severity': (params, context) => {
        context.setSeverity(String(params.severity));
        return { severity: String(params.severity), alert: params.alert };
      },
      'fault.remove': async () => ({ removed: await injector.remove(), at: new Date().toISOString() }),
      'slo.await-recovery': async (_params, { signal }) => {
        while (!signal.aborted) {
          // Recovered when the alert that detected the fault stops firing (slower policies' longer windows keep
          // burning for a while after; they are the budget's record, not the outage's).
          const firing = evaluate().firing.filter((a) => a.slo === alert!.slo && a.policy === alert!.policy);
          if (firing.length === 0 && (workload?.isHealthy() ?? true)) {
            recoveredAt = Date.now();
            return { recoveredAt: new Date(recoveredAt).toISOString(), afterMs: recoveredAt - faultAt };
          }
          await sleep(intervalMs / 2, signal);
        }
        throw signal.reason;
      },
      'workload.conservation': async () => {
        if (!workload) return { produced: 0, processed: 0, deadLettered: 0, lost: 0 };
        const workloadSpec = scenario.workload!;
        ledger = await workload.drain(
          Math.max(10_000, workloadSpec.kind === 'registry-reads' ? workloadSpec.deadLetterAfter + 1_000 : 0),
        );
        const counts = { produced: ledger.produced, processed: ledger.processed, deadLettered: ledger.deadLettered };
        if (ledger.lost > 0)
          throw new ActionFailedError(`${ledger.lost} message(s) lost`, { ...counts, lost: ledger.lost });
        return { ...counts, lost: 0 };
      },
    };
    const runSignal = AbortSignal.any([
      ...(options.signal ? [options.signal] : []),
      AbortSignal.timeout(Math.max(1, scenario.abort.maxDuration - (Date.now() - startedAt))),
    ]);
    const title = `${scenario.metadata.title} (drill ${scenario.metadata.name})`;
    const run = await runIncident({
      runbook,
      registry: incidents,
      lineage: options.lineage,
      channels,
      postmortem: { template: options.postmortemTemplate, outputDir: options.outputDir },
      actions: drillActions,
      input: shipped
        ? {
            subject: breaking!.subject,
            version: shipped.version,
            title,
            changedBy: breaking!.changedBy,
            faultAt: report.faultAt,
          }
        : {
            subject: faultComponent,
            title,
            severity: alert.severity,
            alert: { slo: alert.slo, policy: alert.policy, severity: alert.severity },
            faultAt: report.faultAt,
            summary: `Drill ${scenario.metadata.name}: ${scenario.fault.kind} on ${faultComponent}. The ${alert.policy} alert of ${alert.slo} fired ${detectedAt - faultAt} ms after the fault.`,
          },
      signal: runSignal,
      onEntry: (entry) => {
        timeline.push(entry);
        if (entry.type === 'stage-entered') say(`▶ ${entry.stage}`);
        if (entry.type === 'stage-left')
          say(`■ ${entry.stage}: ${entry.outcome}${entry.reason ? ` (${entry.reason})` : ''}`);
        if (entry.type === 'step-finished' && entry.outcome !== 'succeeded')
          say(`  ${entry.step}: ${entry.outcome}${entry.error ? ` — ${entry.error}` : ''}`);
      },
      acknowledge: (request) =>
        autoAcknowledge({
          registry: incidents,
          incidentId: () => (request.run.steps['open-incident'] as { id?: string } | undefined)?.id,
          delayMs: options.acknowledgeDelayMs ?? 50,
          by: 'drill (auto-acknowledged)',
        })(request),
    });
    if (injector.isActive) await injector.remove();
    report.incident = run.incident ? { id: run.incident.id, closedAs: run.closedAs } : undefined;
    report.runStatus = run.result.status;
    report.stages = stagesOf(timeline);
    if (shipped) {
      // Detected before assessed: the targets are those of the severity the runbook decided.
      const severity = String(run.result.context.severity ?? 'SEV-4');
      const assessed = sla.severities[severity];
      Object.assign(report.detection, {
        severity,
        timeToDetectMs: assessed ? Math.round(assessed.timeToDetectMilliseconds * scale) : undefined,
        timeToRecoverMs: assessed ? Math.round(assessed.timeToRecoverMilliseconds * scale) : undefined,
      });
      const recovered = timeline.find(
        (entry) => entry.type === 'stage-left' && entry.stage === 'recover' && entry.outcome === 'completed',
      );
      if (recovered) recoveredAt = recovered.atMs;
    }
    if (recoveredAt !== undefined) {
      report.recovery = { recoveredAt: new Date(recoveredAt).toISOString(), mttrMs: recoveredAt - faultAt };
    }
    const written = run.result.context.steps['write-postmortem'] as { file?: string } | undefined;
    report.postmortem = written?.file;
    if (runSignal.aborted) {
      report.status = options.signal?.aborted ? 'aborted' : 'timed-out';
      say(`drill ${report.status}: the fault is removed, the incident closed as ${run.closedAs}`);
      return report;
    }

    // 5. After: the steady state back, conservation, MTTD and MTTR against the SLA.
    const restoreDeadline = Date.now() + Math.max(5_000, longestBurnWindowMs(sla, scale));
    let after = checkHypotheses(scenario, evaluate(), 'after');
    while (after.some((h) => !h.held) && Date.now() < restoreDeadline && !options.signal?.aborted) {
      await sleep(intervalMs, options.signal);
      after = checkHypotheses(scenario, evaluate(), 'after');
    }
    if (scenario.after.steadyStateRestored) hypotheses.push(...after);
    if (shipped) {
      const latest = await latestVersion(options.registry, breaking!.subject);
      hypotheses.push({
        name: `rolled back: ${breaking!.subject}'s latest is v${shipped.previousVersion} again`,
        held: latest === shipped.previousVersion,
        detail: `latest v${latest ?? 'none'}`,
      });
    }
    hypotheses.push({
      name: 'every stage completed',
      held: run.result.status === 'completed',
      detail: `run ${run.result.status}`,
    });
    if (scenario.after.detectedWithinSla) {
      const target = report.detection.timeToDetectMs;
      hypotheses.push({
        name: `detected within the SLA (${report.detection.severity} time to detect ÷ ${scenario.timeScale})`,
        held: target !== undefined && report.detection.mttdMs <= target,
        detail: `MTTD ${report.detection.mttdMs} ms, target ${target ?? 'none'} ms`,
      });
    }
    if (scenario.after.recoveredWithinSla) {
      const target = report.detection.timeToRecoverMs;
      const mttr = report.recovery?.mttrMs;
      hypotheses.push({
        name: `recovered within the SLA (${report.detection.severity} time to recover ÷ ${scenario.timeScale})`,
        held: mttr !== undefined && target !== undefined && mttr <= target,
        detail: `MTTR ${mttr ?? 'not recovered'} ms, target ${target ?? 'none'} ms`,
      });
    }
    if (scenario.after.conservation) {
      ledger ??= await workload?.drain(5_000);
      hypotheses.push({
        name: 'no message lost (produced = processed + dead-lettered, by id)',
        held: (ledger?.lost ?? 0) === 0,
        detail: ledger
          ? `${ledger.produced} produced, ${ledger.processed} processed, ${ledger.deadLettered} dead-lettered, ${ledger.lost} lost`
          : 'no workload',
      });
    }
    if (workload instanceof PipelineWorkload && scenario.fault.kind === 'poison-pills') {
      const pills = workload.pillOutcomes();
      const wrong = pills.filter((pill) => pill.deadLetteredAs !== pill.expected);
      hypotheses.push({
        name: 'every poison pill dead-lettered with its reason',
        held: pills.length > 0 && wrong.length === 0,
        detail: `${pills.length} pill(s), ${wrong.length} not dead-lettered as expected${
          wrong[0] ? ` (e.g. ${wrong[0].id}: ${wrong[0].deadLetteredAs ?? 'not dead-lettered'})` : ''
        }`,
      });
      const pillIds = new Set(pills.map((pill) => pill.id));
      const goodDeadLettered = (ledger?.deadLetteredIds ?? []).filter((id) => !pillIds.has(id));
      hypotheses.push({
        name: 'every good record handled (none dead-lettered)',
        held: goodDeadLettered.length === 0,
        detail: `${goodDeadLettered.length} good record(s) dead-lettered`,
      });
    }
    report.status = hypotheses.every((h) => h.held) ? 'passed' : 'failed';
    return report;
  } finally {
    if (injector.isActive) await injector.remove().catch(() => undefined);
    report.counts = ledger
      ? {
          produced: ledger.produced,
          processed: ledger.processed,
          deadLettered: ledger.deadLettered,
          lost: ledger.lost,
          requests: ledger.requests,
        }
      : undefined;
    report.messageIds = ledger
      ? {
          produced: ledger.producedIds,
          processed: ledger.processedIds,
          deadLettered: ledger.deadLetteredIds,
          lost: ledger.lostIds,
        }
      : undefined;
    if (lastEvaluation) {
      report.budgets = lastEvaluation.budgets.map((budget) => ({
        slo: budget.slo,
        target: budget.target,
        consumed: budget.burned,
        windowMs: budget.windowMilliseconds,
        observedMs: budget.observedMilliseconds,
      }));
    }
    report.notifications = (sink?.requests ?? []).map((request) => ({
      channel: request.url.replace(/^\//, ''),
      event: eventOf(request.body),
      at: request.at,
    }));
    report.finishedAt = new Date().toISOString();
    for (const close of closers.reverse()) await close().catch(() => undefined);
    if (report.postmortem) await appendFile(report.postmortem, formatDrillSection(report));
  }
}

async function finishAborted(
  report: DrillReport,
  injector: FaultInjector,
  say: (line: string) => void,
): Promise<DrillReport> {
  await injector.remove();
  report.status = 'aborted';
  say('drill aborted before an incident was opened: the fault is removed');
  return report;
}

/** Lineage's contract-breach check, as an alert the drill can report like a burn-rate one. */
function breachAlert(breaches: number): AlertStatus {
  return {
    slo: 'contract-breach',
    objective: 'lineage',
    policy: 'lineage-contract-breach-check',
    condition: `${breaches} breach(es) recorded`,
    severity: 'assessed by the runbook',
    state: 'firing',
    op: 'gte',
    threshold: 1,
    burnRate: { long: undefined, short: undefined },
    notificationTargets: [],
  };
}

/** The registry's cache misses so far (its own counter on /metrics); undefined when it cannot be read. */
async function cacheMisses(registry: ServiceEndpoint): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${registry.url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    const match = /^charter_registry_cache_misses_total(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return undefined;
  }
}

function longestBurnWindowMs(sla: Sla, scale: number): number {
  let longest = 0;
  for (const slo of sla.slos)
    for (const alert of slo.alerts) longest = Math.max(longest, alert.shortWindowMilliseconds * scale);
  return longest * 2;
}

function stagesOf(timeline: TimelineEntry[]): DrillReport['stages'] {
  const stages: DrillReport['stages'] = [];
  for (const entry of timeline) {
    if (entry.type === 'stage-entered') stages.push({ name: entry.stage, enteredAt: entry.at });
    if (entry.type === 'stage-left') {
      const stage = stages.findLast((candidate) => candidate.name === entry.stage);
      if (stage) Object.assign(stage, { leftAt: entry.at, outcome: entry.outcome });
    }
  }
  return stages;
}

function eventOf(body: unknown): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.event_action === 'string') return record.event_action;
    if (typeof record.text === 'string') return record.text.slice(0, 80);
  }
  return 'message';
}

function authHeaders(endpoint: ServiceEndpoint): Record<string, string> {
  return endpoint.authorization ? { authorization: endpoint.authorization } : {};
}

/** Only the action names matter when validating a runbook: services that are never called. */
function placeholderServices() {
  const none = { url: 'http://127.0.0.1:9' };
  return {
    registry: none,
    lineage: none,
    channels: { endpoints: {}, registryUrl: none.url },
    postmortem: { template: '', outputDir: '' },
  };
}
