import { Counter, Gauge, type Registry } from 'prom-client';
import type { ProducerEvents } from './contract-producer';
import type { ConsumerEvents } from './validating-consumer';

/**
 * Prometheus counters for the producer edge and the validating consumer, registered on the app's registry (the one
 * its /metrics serves): `charter_enforcement_produced_total{topic}`, `…_rejected_total{topic,rule}`,
 * `…_registry_errors_total{topic}`, `…_handled_total{topic}`, `…_dead_lettered_total{topic,class}`,
 * `…_paused_total{topic}`, and for the edge's sends to the broker `…_unacknowledged_records{topic}` (a gauge: records
 * handed to the broker and not yet acknowledged) and `…_send_failures_total{topic}` (records whose send failed).
 * Pass `producer` and `consumer` as the `events` options.
 */
export function enforcementMetrics(registry: Registry): { producer: ProducerEvents; consumer: ConsumerEvents } {
  const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[]) =>
    new Counter<Label>({ name: `charter_enforcement_${name}`, help, labelNames, registers: [registry] });
  const produced = counter('produced_total', 'Records the producer edge sent', ['topic']);
  const rejected = counter('rejected_total', 'Records the producer edge refused, by the rule each first broke', [
    'topic',
    'rule',
  ]);
  const registryErrors = counter('registry_errors_total', 'Batches failed because the registry could not answer', [
    'topic',
  ]);
  const handled = counter('handled_total', 'Records the validating consumer handed over', ['topic']);
  const deadLettered = counter('dead_lettered_total', 'Records sent to the dead-letter topic, by class', [
    'topic',
    'class',
  ]);
  const paused = counter('paused_total', 'Partition pauses while the registry could not answer', ['topic']);
  const unacknowledged = new Gauge<'topic'>({
    name: 'charter_enforcement_unacknowledged_records',
    help: 'Records the producer edge handed to the broker that it has not acknowledged yet',
    labelNames: ['topic'],
    registers: [registry],
  });
  const sendFailures = counter('send_failures_total', 'Records in sends the broker did not acknowledge', ['topic']);
  return {
    producer: {
      produced: (topic, count) => produced.inc({ topic }, count),
      rejected: (topic, rule) => rejected.inc({ topic, rule }),
      registryError: (topic) => registryErrors.inc({ topic }),
      sendStarted: (topic, count) => unacknowledged.inc({ topic }, count),
      sendSettled: (topic, count, acknowledged) => {
        unacknowledged.dec({ topic }, count);
        if (!acknowledged) sendFailures.inc({ topic }, count);
      },
    },
    consumer: {
      handled: (record) => handled.inc({ topic: record.topic }),
      deadLettered: (letter) => deadLettered.inc({ topic: letter.topic, class: letter.errorClass }),
      paused: (pause) => paused.inc({ topic: pause.topic }),
    },
  };
}
