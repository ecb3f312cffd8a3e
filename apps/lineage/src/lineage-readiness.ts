import { type DependencyCheck, Readiness } from '@charter/service-host';
import type { RegistryAuthenticator } from './auth/registry-authenticator';
import type { KafkaEventConsumer } from './ingest/kafka-event-consumer';
import type { LineageDatabase } from './storage/open-database';

/**
 * Ready means: the lineage store answers and the process is not shutting down. The Kafka consumer and the registry
 * (which verifies keys) are reported, not required: HTTP ingest works without Kafka, and verified keys are cached.
 */
export function lineageReadiness(
  database: LineageDatabase,
  options: { consumer: KafkaEventConsumer | undefined; authenticator: RegistryAuthenticator | undefined },
): Readiness {
  const checks: DependencyCheck[] = [
    { name: 'database', critical: true, check: () => database.ping().then(() => 'up') },
    { name: 'kafka', critical: false, check: () => options.consumer?.state ?? 'off' },
    { name: 'registry', critical: false, check: () => options.authenticator?.reachable() ?? 'off' },
  ];
  return new Readiness(checks);
}
