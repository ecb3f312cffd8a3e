import { locateYamlPath, parseYamlWithPositions, toJsonPointer, yamlSyntaxErrors } from '@charter/contracts';
import { parseDuration } from '@charter/runbook';
import { z } from 'zod';

/** Stable codes of what can be wrong with a scenario file. */
export const ScenarioProblemCode = {
  YamlSyntax: 'yaml-syntax',
  InvalidField: 'invalid-field',
} as const;
export type ScenarioProblemCode = (typeof ScenarioProblemCode)[keyof typeof ScenarioProblemCode];

export interface ScenarioProblem {
  code: ScenarioProblemCode;
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** The components a drill can find running and put a fault on. */
export const COMPONENTS = ['registry', 'lineage', 'pipeline', 'kafka'] as const;
export type Component = (typeof COMPONENTS)[number];

/**
 * What a proxy fault can sit in front of: a component the drill reroutes its clients around (its own proxy), or a
 * backing service of the registry the drill cannot reroute (the registry must reach it through a fault proxy the
 * drill is given: `--proxy-url`, a proxy named after the service).
 */
export const BACKING_SERVICES = ['postgres', 'redis'] as const;
export type BackingService = (typeof BACKING_SERVICES)[number];
export const FAULT_TARGETS = [...COMPONENTS, ...BACKING_SERVICES] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];
export const isBackingService = (target: string): target is BackingService =>
  (BACKING_SERVICES as readonly string[]).includes(target);

const duration = z.string().transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    context.addIssue({ code: 'custom', message: `expected a positive duration like 500ms, 2s or 1m, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

const hypothesisSchema = z.strictObject({
  /** An SLO of the SLA; its SLI over the shortest window it is evaluated on must be at least `atLeast`. */
  slo: z.string().min(1),
  atLeast: z.number().min(0).max(1),
});

/** The fault put on a component (each kind documented in runbooks/README.md). */
const faultSchema = z.discriminatedUnion('kind', [
  /** The fault proxy in front of the component refuses connections and drops open ones. */
  z.strictObject({ kind: z.literal('proxy-down'), component: z.enum(FAULT_TARGETS) }),
  /** Latency (and jitter) on the answers through the fault proxy. */
  z.strictObject({
    kind: z.literal('proxy-latency'),
    component: z.enum(FAULT_TARGETS),
    latency: duration,
    jitter: duration.optional(),
  }),
  /** The bandwidth through the fault proxy throttled to `rate` KB/s (0 holds everything until removed). */
  z.strictObject({
    kind: z.literal('proxy-bandwidth'),
    component: z.enum(COMPONENTS),
    rate: z.number().int().min(0),
  }),
  /**
   * The Kafka broker itself down, through its own fault controls (the testkit's mock broker: it drops its clients'
   * connections and answers nothing until it is up again); `broker` -1 takes every broker of the cluster down.
   */
  z.strictObject({ kind: z.literal('broker-down'), broker: z.number().int().min(-1).default(-1) }),
  /**
   * A careless producer writes records the pipeline cannot use straight to the pipeline-records workload's topic:
   * `undecodable` (no Confluent frame), `unknown-schema` (a frame naming a schema id the registry never issued),
   * `contract-violating` (framed with the subject's schema, breaking its contract's rules).
   */
  z.strictObject({
    kind: z.literal('poison-pills'),
    perSecond: z.number().int().min(1).max(1_000),
    sorts: z.array(z.enum(['undecodable', 'unknown-schema', 'contract-violating'])).min(1),
  }),
  /**
   * A producer ships a schema the registry never accepted: a version dropping `field` is forced in (compatibility
   * NONE for the one registration, as a careless admin would), and a batch job that drops the contracted column
   * reports its run to lineage.
   */
  z.strictObject({
    kind: z.literal('breaking-change'),
    subject: z.string().min(1),
    field: z.string().min(1),
    changedBy: z.string().min(1),
    /** The dataset a contract governs that the batch job writes without the column. */
    dataset: z.strictObject({ namespace: z.string().min(1), name: z.string().min(1) }),
  }),
]);

/** The traffic the drill drives while it runs, by message id, so no message may go missing unnoticed. */
const workloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Registry reads of the subject's latest schema by id, as a producer's serializer does, through the proxy. */
    kind: z.literal('registry-reads'),
    subject: z.string().min(1),
    ratePerSecond: z.number().int().min(1).max(500).default(20),
    /** A message whose read kept failing this long goes to the dead-letter set. */
    deadLetterAfter: duration.default(60_000),
    retryEvery: duration.default(100),
    /**
     * Ask for the registry's current maximum id with each read (`?fetchMaxId=true`, as some serializers do): only
     * PostgreSQL knows it, so the cache cannot answer these reads for the database.
     */
    fetchMaxId: z.boolean().default(false),
  }),
  /**
   * The sample pipeline's Kafka path (ADR 0010): records with ids sent by the producer edge to `topic`, read back by
   * the validating consumer through the drill's fault proxy in front of the broker (the producer too with
   * `through: all`); the enforcement counters on the workload's /metrics feed the pipeline SLOs.
   */
  z.strictObject({
    kind: z.literal('pipeline-records'),
    topic: z.string().min(1),
    ratePerSecond: z.number().int().min(1).max(5_000).default(200),
    through: z.enum(['consumer', 'all']).default('consumer'),
    /**
     * How long the clients wait for the broker's answer before giving up on the connection (real time, not scaled;
     * kafkajs's 30 s unless said). A broker that answers nothing holds a consumer's fetch this long.
     */
    requestTimeout: duration.optional(),
    /**
     * The consumer group's session timeout (real time; kafkajs's 30 s unless said): a consumer cut off from the
     * broker rejoins as a new member, and the group waits this long for the old one before it reads again.
     */
    sessionTimeout: duration.optional(),
  }),
]);

export const scenarioSchema = z.strictObject({
  apiVersion: z.literal('charter.dev/drill/v1'),
  kind: z.literal('Drill'),
  metadata: z.strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a lower-case name (RFC 1123)'),
    title: z.string().min(1),
    description: z.string().optional(),
  }),
  /** The runbook the incident walks, a file in runbooks/. */
  runbook: z.string().regex(/^[\w.-]+\.ya?ml$/, 'a runbook file name in runbooks/, e.g. component-outage.yaml'),
  /** Every SLA duration is divided by this (120: an hour lasts 30 s). Detection and recovery targets too. */
  timeScale: z.number().min(1).max(100_000),
  steadyState: z.strictObject({
    /** How long the drill watches the healthy stack before the fault (real time). */
    duration,
    hypotheses: z.array(hypothesisSchema).min(1),
  }),
  fault: faultSchema,
  workload: workloadSchema.optional(),
  detection: z.union([
    z.strictObject({
      /** The SLOs whose burn-rate alerts count as detection. */
      slos: z.array(z.string().min(1)).min(1),
    }),
    z.strictObject({
      /** Detection is lineage's contract-breach check recording the batch job's run (breaking-change). */
      contractBreach: z.literal(true),
    }),
    z.strictObject({
      /**
       * The fault is absorbed by design (e.g. the registry serving from PostgreSQL without Redis): it is held for
       * `hold`, no watched SLO may burn and the hypotheses must hold throughout; no incident is opened.
       */
      absorbed: z.literal(true),
      hold: duration,
      /** The SLOs that must not burn while the fault is on. */
      slos: z.array(z.string().min(1)).min(1),
    }),
  ]),
  abort: z.strictObject({
    /** The fault not detected in this long (real time): the drill stops and fails. */
    notDetectedWithin: duration,
    /** The whole drill taking longer: stopped, faults removed, incident closed as aborted. */
    maxDuration: duration,
  }),
  after: z
    .strictObject({
      /** Every message produced is processed or dead-lettered (by id). */
      conservation: z.boolean().default(true),
      detectedWithinSla: z.boolean().default(true),
      recoveredWithinSla: z.boolean().default(true),
      /** The steady-state hypotheses hold again once the fault is removed. */
      steadyStateRestored: z.boolean().default(true),
    })
    .prefault({}),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Fault = Scenario['fault'];
export type Workload = NonNullable<Scenario['workload']>;

export type LoadScenarioResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

/** A scenario file: YAML → the schema; every problem with its line and column. */
export function loadScenario(text: string): LoadScenarioResult {
  const parsed = parseYamlWithPositions(text);
  if (parsed.document.errors.length > 0) {
    return {
      ok: false,
      problems: yamlSyntaxErrors(parsed).map((error) => ({ code: ScenarioProblemCode.YamlSyntax, path: '', ...error })),
    };
  }
  const result = scenarioSchema.safeParse(parsed.document.toJS({ maxAliasCount: 100 }));
  if (result.success) return { ok: true, scenario: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      // An unknown key is reported at the key itself, not at the object holding it.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
      const path = toJsonPointer([...(issue.path as Array<string | number>), ...keys]);
      return { code: ScenarioProblemCode.InvalidField, path, message: issue.message, ...locateYamlPath(parsed, path) };
    }),
  };
}

/** `scenario.yaml:12:9 (/fault/kind): …`. */
export function formatScenarioProblem(file: string, problem: ScenarioProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return `${where} (${problem.path || '/'}): ${problem.message}`;
}
