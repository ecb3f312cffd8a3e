import { type DependencyCheck, Readiness } from '@charter/service-host';
import type { PipelineDatabase } from './storage/open-database';

/**
 * Ready means: the sink's database answers and the process is not shutting down. Each stream's consumer is
 * reported (`up` while in its consumer group), not required: the HTTP edge still takes records while a consumer
 * rejoins, and they wait in Kafka.
 */
export function pipelineReadiness(
  database: PipelineDatabase,
  consumers: ReadonlyArray<{ name: string; state(): string }>,
): Readiness {
  const checks: DependencyCheck[] = [
    { name: 'database', critical: true, check: () => database.ping().then(() => 'up') },
    ...consumers.map((consumer) => ({ name: consumer.name, critical: false, check: () => consumer.state() })),
  ];
  return new Readiness(checks);
}
