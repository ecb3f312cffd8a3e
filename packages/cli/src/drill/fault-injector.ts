import { ChaosClient, type ChaosServer, startChaosServer } from '@charter/chaos';
import type { Fault } from './drill-scenario';

/** A Kafka broker's own fault controls (the testkit's mock broker has them; -1: every broker). */
export interface BrokerControls {
  setBrokerDown(brokerId: number): Promise<void>;
  setBrokerUp(brokerId: number): Promise<void>;
}

/**
 * The drill's own fault proxy (`@charter/chaos`, in-process, driven through its Toxiproxy API like any other client)
 * in front of one component: the drill's clients go through `proxyUrl`; `inject` and `remove` put the scenario's fault
 * on and take it off (idempotent, so cleanup may call `remove` whatever happened).
 */
export class FaultInjector {
  private active = false;

  private constructor(
    /** The in-process proxy server the drill started; undefined when it drives one it was given. */
    private readonly server: ChaosServer | undefined,
    private readonly client: ChaosClient,
    private readonly fault: Fault,
    readonly proxyName: string,
    readonly proxyUrl: string,
    private readonly brokers?: BrokerControls,
  ) {}

  /** What a fault outside the proxy does (poison pills: the workload's bad producer), set before `inject`. */
  hooks: { inject(): void; remove(): void } | undefined;

  static async start(options: { fault: Fault; upstreamUrl: string; brokers?: BrokerControls }): Promise<FaultInjector> {
    const server = await startChaosServer({ listen: '127.0.0.1:0' });
    const client = new ChaosClient(server.url);
    const upstream = new URL(options.upstreamUrl);
    const name = 'component' in options.fault ? options.fault.component : 'registry';
    const proxy = await client.createProxy({
      name,
      upstream: `${upstream.hostname === 'localhost' ? '127.0.0.1' : upstream.hostname}:${upstream.port || 80}`,
      listen: '127.0.0.1:0',
    });
    return new FaultInjector(
      server,
      client,
      options.fault,
      name,
      `${upstream.protocol}//${proxy.listen}`,
      options.brokers,
    );
  }

  /**
   * Drives a fault proxy that is already in the path (`charter chaos proxy`, or a test's): its Toxiproxy API at
   * `apiUrl`, a proxy named after the fault's target (`postgres`, `redis`). Throws when the API does not answer or
   * has no such proxy.
   */
  static async attach(options: { fault: Fault; apiUrl: string }): Promise<FaultInjector> {
    const client = new ChaosClient(options.apiUrl);
    const name = 'component' in options.fault ? options.fault.component : 'registry';
    const proxy = await client.getProxy(name);
    return new FaultInjector(undefined, client, options.fault, name, `tcp://${proxy.listen}`);
  }

  get isActive(): boolean {
    return this.active;
  }

  async inject(): Promise<void> {
    if (this.fault.kind === 'proxy-down') await this.client.disable(this.proxyName);
    else if (this.fault.kind === 'broker-down') await this.brokerControls().setBrokerDown(this.fault.broker);
    else if (this.fault.kind === 'proxy-latency') {
      await this.client.addToxic(this.proxyName, {
        type: 'latency',
        name: 'drill-latency',
        stream: 'downstream',
        attributes: { latency: this.fault.latency, jitter: this.fault.jitter ?? 0 },
      });
    } else if (this.fault.kind === 'proxy-bandwidth') {
      await this.client.addToxic(this.proxyName, {
        type: 'bandwidth',
        name: 'drill-bandwidth',
        stream: 'downstream',
        attributes: { rate: this.fault.rate },
      });
    }
    this.hooks?.inject();
    this.active = true;
  }

  /** Every proxy enabled, every toxic gone. */
  async remove(): Promise<boolean> {
    const was = this.active;
    this.hooks?.remove();
    if (this.fault.kind === 'broker-down') await this.brokerControls().setBrokerUp(this.fault.broker);
    if (this.server) await this.client.reset();
    else {
      // Someone else's proxy server: only this proxy, only what the drill put on.
      await this.client.enable(this.proxyName);
      if (this.fault.kind === 'proxy-latency')
        await this.client.removeToxic(this.proxyName, 'drill-latency').catch(() => undefined);
    }
    this.active = false;
    return was;
  }

  private brokerControls(): BrokerControls {
    if (!this.brokers) throw new Error("broker-down needs the broker's fault controls");
    return this.brokers;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}
