import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnection } from 'node:net';
import { Deserializer, RegistryClient, type RegistryCredentials, Serializer } from '@charter/enforcement';
import { ContractProducer, enforcementMetrics, ValidatingConsumer } from '@charter/enforcement/kafka';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { tallyLedger, type WorkloadLedger } from './registry-workload';

export interface PipelineWorkloadOptions {
  /** The broker's bootstrap addresses (`host:port`). */
  brokers: string[];
  /** The drill's fault proxy in front of the broker (`host:port`). */
  proxy: string;
  /** Which clients reach the broker through the proxy: the consumer only, or the producer too. */
  through: 'consumer' | 'all';
  registryUrl: string;
  authorization?: string;
  topic: string;
  ratePerSecond: number;
  /** Kafka's idempotent producer; off for librdkafka's mock broker (ADR 0003). */
  idempotent: boolean;
  groupId: string;
  /** How long the clients wait for a broker's answer before dropping the connection; kafkajs's 30 s unless said. */
  requestTimeoutMs?: number;
  /** The consumer group's session timeout (see ValidatingConsumerOptions.sessionTimeoutMs); kafkajs's 30 s unless said. */
  sessionTimeoutMs?: number;
}

const TICK_MS = 50;
/** Sends waiting for the broker at once; past this, records wait in the workload until one settles. */
const MAX_SENDS_IN_FLIGHT = 200;

export type PillSort = 'undecodable' | 'unknown-schema' | 'contract-violating';

/** The dead-letter class each sort of poison pill must be filed under (ADR 0009's classes). */
export const PILL_CLASS: Record<PillSort, string> = {
  undecodable: 'deserialization',
  'unknown-schema': 'unknown-schema',
  'contract-violating': 'contract-violation',
};

/** A schema id no registry issues (ids are positive 32-bit integers counted from 1). */
const UNKNOWN_SCHEMA_ID = 2_147_483_000;

/** `Basic base64(id:secret)` or `Bearer token` → the registry client's credentials. */
function credentialsOf(authorization: string | undefined): RegistryCredentials | undefined {
  if (!authorization) return undefined;
  if (authorization.startsWith('Bearer ')) return { bearer: authorization.slice(7) };
  const decoded = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { keyId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * The sample pipeline's Kafka path in a drill (ADR 0010's producer edge and validating consumer, in-process): records
 * with ids keyed by id, sent through `ContractProducer` (each tick's batch at once; a failed batch is sent again on a
 * later tick, so a broker outage delays records and loses none), read back by a `ValidatingConsumer` whose
 * connections go through the drill's fault proxy. The enforcement metrics (`charter_enforcement_produced_total`,
 * `…_handled_total`, `…_dead_lettered_total`, `…_unacknowledged_records`) are served on the workload's own /metrics,
 * as the pipeline's are, so the platform SLA's pipeline SLOs see the consumer's lag and what waits for the broker.
 */
export class PipelineWorkload {
  private readonly metrics = new Registry();
  private readonly events = enforcementMetrics(this.metrics);
  private readonly registry: RegistryClient;
  private readonly producerKafka: Kafka;
  private readonly consumerKafka: Kafka;
  private readonly producer: ContractProducer;
  private readonly consumer: ValidatingConsumer;
  private readonly produced: string[] = [];
  private readonly unsent: string[] = [];
  private readonly sent = new Set<string>();
  private readonly processed = new Set<string>();
  private readonly deadLettered = new Set<string>();
  /** `partition:offset` → id, from the producer's acknowledgements (a dead letter is reported by its offset). */
  private readonly byOffset = new Map<string, string>();
  private readonly deadLetteredOffsets = new Set<string>();
  private readonly tally = { ok: 0, failed: 0 };
  private server: Server | undefined;
  private ticker: NodeJS.Timeout | undefined;
  /** Sends the broker has not answered yet, and how many records they hold. */
  private readonly sending = new Set<Promise<void>>();
  private recordsInFlight = 0;
  private producing = false;
  private sequence = 0;
  private lastHandledAt = 0;
  private started = false;
  private readonly badSerializer: Serializer;
  private readonly rawProducer: Producer;
  private pills: NodeJS.Timeout | undefined;
  private pillSequence = 0;
  /** id → the sort of pill it is, and id → the class its dead letter was filed under. */
  private readonly pillSorts = new Map<string, PillSort>();
  private readonly deadLetterClasses = new Map<string, string>();
  private readonly classOfOffset = new Map<string, string>();

  constructor(private readonly options: PipelineWorkloadOptions) {
    this.registry = new RegistryClient({ url: options.registryUrl, credentials: credentialsOf(options.authorization) });
    const [proxyHost, proxyPort] = splitHostPort(options.proxy);
    const timeouts = options.requestTimeoutMs === undefined ? {} : { requestTimeout: options.requestTimeoutMs };
    const direct = new Kafka({
      clientId: 'charter-drill',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      ...timeouts,
    });
    // The broker advertises its own address in metadata: every connection of these clients goes to the proxy instead.
    const proxied = new Kafka({
      clientId: 'charter-drill',
      brokers: [options.proxy],
      logLevel: logLevel.NOTHING,
      ...timeouts,
      socketFactory: ({ onConnect }) => createConnection({ host: proxyHost, port: proxyPort }, onConnect),
    });
    this.producerKafka = options.through === 'all' ? proxied : direct;
    this.consumerKafka = proxied;
    this.producer = new ContractProducer({
      kafka: this.producerKafka,
      serializer: new Serializer({ client: this.registry }),
      policy: 'reject',
      idempotent: options.idempotent,
      retries: 2,
      events: this.events.producer,
    });
    // The careless producer: no checks, its own kafkajs producer straight to the broker.
    this.badSerializer = new Serializer({ client: this.registry, validate: false });
    this.rawProducer = this.producerKafka.producer({ idempotent: false });
    this.consumer = new ValidatingConsumer({
      kafka: this.consumerKafka,
      groupId: options.groupId,
      topic: options.topic,
      deserializer: new Deserializer({ client: this.registry }),
      idempotent: options.idempotent,
      sessionTimeoutMs: options.sessionTimeoutMs,
      handler: async (record) => {
        const id = record.key?.toString('utf8');
        if (id && this.sent.has(id)) this.processed.add(id);
        this.lastHandledAt = Date.now();
      },
      events: {
        ...this.events.consumer,
        deadLettered: (letter) => {
          this.events.consumer.deadLettered?.(letter);
          this.deadLetteredOffsets.add(`${letter.partition}:${letter.offset}`);
          this.classOfOffset.set(`${letter.partition}:${letter.offset}`, letter.errorClass);
          this.lastHandledAt = Date.now();
        },
      },
    });
  }

  /** Serves /metrics on an ephemeral port; returns its URL. */
  async serveMetrics(): Promise<string> {
    this.server = createServer(async (request, response) => {
      if (request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': this.metrics.contentType }).end(await this.metrics.metrics());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/metrics`;
  }

  /** Connects the producer and the consumer, and waits until the consumer has joined its group. */
  async connect(): Promise<void> {
    await Promise.all([this.producer.connect(), this.rawProducer.connect()]);
    await this.consumer.start();
    this.started = true;
    // kafkajs's run() returns before the group is joined: records produced before that would start the consumer
    // behind, and the steady state would see lag the drill made itself.
    const deadline = Date.now() + 20_000;
    while (this.consumer.state !== 'up') {
      if (Date.now() > deadline) throw new Error(`the consumer did not join group ${this.options.groupId} in 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  start(): void {
    this.producing = true;
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  stopProducing(): void {
    this.producing = false;
    this.stopPills();
  }

  /** Poison pills of these sorts, `perSecond` of them, until `stopPills`. */
  startPills(sorts: readonly PillSort[], perSecond: number): void {
    this.stopPills();
    this.pills = setInterval(
      () => {
        this.pillSequence += 1;
        const sort = sorts[this.pillSequence % sorts.length]!;
        void this.sendPill(`pill-${String(this.pillSequence).padStart(6, '0')}-${sort}`, sort);
      },
      Math.max(1, Math.round(1000 / perSecond)),
    );
  }

  stopPills(): void {
    if (this.pills) clearInterval(this.pills);
    this.pills = undefined;
  }

  /** Each pill with the class its dead letter was filed under (undefined: not dead-lettered), and the expected one. */
  pillOutcomes(): Array<{ id: string; sort: PillSort; expected: string; deadLetteredAs?: string }> {
    this.settleDeadLetters();
    return [...this.pillSorts].map(([id, sort]) => ({
      id,
      sort,
      expected: PILL_CLASS[sort],
      deadLetteredAs: this.deadLetterClasses.get(id),
    }));
  }

  /**
   * Records flow again: at most a second of traffic waits for the broker or for the consumer, and the consumer
   * reads.
   */
  isHealthy(): boolean {
    return (
      this.unsent.length + this.recordsInFlight <= this.options.ratePerSecond &&
      this.backlog() <= this.options.ratePerSecond &&
      Date.now() - this.lastHandledAt < 1_000
    );
  }

  /** Stops producing and waits (up to `timeoutMs`) until every record is sent, then handled or dead-lettered. */
  async drain(timeoutMs: number): Promise<WorkloadLedger> {
    this.stopProducing();
    const deadline = Date.now() + timeoutMs;
    while ((this.unsent.length > 0 || this.sending.size > 0 || this.backlog() > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.ledger();
  }

  ledger(): WorkloadLedger {
    this.settleDeadLetters();
    return tallyLedger(this.produced, this.processed, this.deadLettered, this.tally);
  }

  async close(): Promise<void> {
    this.stopProducing();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    await Promise.allSettled([...this.sending]);
    // Also after a connect that never finished (kafkajs keeps retrying it), bounded in case it cannot stop either.
    const stopped = Promise.allSettled([
      this.consumer.stop(),
      this.producer.disconnect(),
      this.rawProducer.disconnect(),
    ]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      stopped,
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.started ? 30_000 : 5_000);
      }),
    ]);
    clearTimeout(timer);
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Records sent and not yet handled or dead-lettered. */
  private backlog(): number {
    this.settleDeadLetters();
    let pending = 0;
    for (const id of this.sent) if (!this.processed.has(id) && !this.deadLettered.has(id)) pending += 1;
    return pending;
  }

  private settleDeadLetters(): void {
    for (const offset of this.deadLetteredOffsets) {
      const id = this.byOffset.get(offset);
      if (id === undefined) continue;
      if (!this.processed.has(id)) this.deadLettered.add(id);
      this.deadLetterClasses.set(id, this.classOfOffset.get(offset) ?? 'unknown');
      this.deadLetteredOffsets.delete(offset);
    }
  }

  private tick(): void {
    if (this.producing) {
      const count = Math.max(1, Math.round((this.options.ratePerSecond * TICK_MS) / 1000));
      for (let index = 0; index < count; index += 1) {
        this.sequence += 1;
        const id = `msg-${String(this.sequence).padStart(6, '0')}`;
        this.produced.push(id);
        this.unsent.push(id);
      }
    }
    // Each tick's records go at once, without waiting for earlier sends: a broker that answers nothing leaves every
    // record the edge took waiting for it (what the edge's unacknowledged-records gauge reports), as an HTTP edge's
    // concurrent requests would.
    if (this.unsent.length > 0 && this.sending.size < MAX_SENDS_IN_FLIGHT) {
      const sending: Promise<void> = this.sendBatch(this.unsent.splice(0, 2_000)).finally(() => {
        this.sending.delete(sending);
      });
      this.sending.add(sending);
    }
  }

  /** One batch; a failed send puts its records back in front of what is unsent, for the next tick. */
  private async sendBatch(ids: string[]): Promise<void> {
    this.recordsInFlight += ids.length;
    try {
      const { delivered } = await this.producer.send(
        this.options.topic,
        ids.map((id) => ({ key: id, value: orderOf(id) })),
      );
      for (const id of ids) this.sent.add(id);
      for (const record of delivered) this.byOffset.set(`${record.partition}:${record.offset}`, ids[record.index]!);
      this.tally.ok += 1;
    } catch {
      this.unsent.unshift(...ids);
      this.tally.failed += 1;
    } finally {
      this.recordsInFlight -= ids.length;
    }
  }

  private async sendPill(id: string, sort: PillSort): Promise<void> {
    let value: Buffer;
    if (sort === 'undecodable') value = Buffer.from(`not a Confluent frame: ${id}`);
    else if (sort === 'unknown-schema') value = encodeUnknownFrame();
    // Framed with the subject's schema, unchecked: breaks the contract's amount_not_negative rule.
    else value = await this.badSerializer.serialize(this.options.topic, { ...orderOf(id), amount_cents: -500 });
    try {
      const [ack] = await this.rawProducer.send({ topic: this.options.topic, messages: [{ key: id, value }] });
      // Only a pill that reached the topic was produced (a failed send is the careless producer's problem).
      this.pillSorts.set(id, sort);
      this.produced.push(id);
      this.sent.add(id);
      if (ack) this.byOffset.set(`${ack.partition}:${ack.baseOffset}`, id);
      // A record on the topic like any other: the freshness and conservation SLIs count it as produced.
      this.events.producer.produced?.(this.options.topic, 1);
    } catch {
      this.tally.failed += 1;
    }
  }
}

function encodeUnknownFrame(): Buffer {
  const frame = Buffer.alloc(9);
  frame.writeUInt8(0, 0);
  frame.writeUInt32BE(UNKNOWN_SCHEMA_ID, 1);
  frame.writeUInt32BE(0, 5);
  return frame;
}

/** A valid orders-value record (ADR 0010's sample domain). */
export function orderOf(id: string): Record<string, unknown> {
  return {
    order_id: id,
    customer_id: 'drill-customer',
    amount_cents: 1_250,
    currency: 'EUR',
    status: 'PLACED',
    placed_at: Date.now(),
    coupon_code: null,
    shipping_address: null,
  };
}

function splitHostPort(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}
