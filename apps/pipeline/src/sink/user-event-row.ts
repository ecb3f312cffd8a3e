import type { RecordPosition } from './order-row';
import type { TableColumn } from './table-column';

/** A row of `staging.user_events`: one product-analytics event. */
export interface UserEventRow {
  eventId: string;
  userId: string;
  eventType: string;
  occurredAt: Date;
  sessionId: string | null;
  properties: Record<string, string | number | boolean> | null;
  schemaId: number;
  kafkaPartition: number;
  kafkaOffset: bigint;
}

/** A user event as the `user-events-value` JSON Schema (v1 → v2) describes it. */
interface UserEventRecord {
  event_id: string;
  user_id: string;
  event_type: string;
  occurred_at: string;
  session_id?: string;
  properties?: Record<string, string | number | boolean>;
}

/** The row a user-event record is stored as (`occurred_at`, an RFC 3339 date-time, as a timestamp). */
export function toUserEventRow(value: unknown, position: RecordPosition): UserEventRow {
  const event = value as UserEventRecord;
  return {
    eventId: event.event_id,
    userId: event.user_id,
    eventType: event.event_type,
    occurredAt: new Date(event.occurred_at),
    sessionId: event.session_id ?? null,
    properties: event.properties ?? null,
    schemaId: position.schemaId,
    kafkaPartition: position.partition,
    kafkaOffset: BigInt(position.offset),
  };
}

/** `staging.user_events`' columns, each with the topic field it is read from. */
export const USER_EVENT_COLUMNS: readonly TableColumn[] = [
  { name: 'event_id', type: 'uuid', from: 'event_id' },
  { name: 'user_id', type: 'text', from: 'user_id' },
  { name: 'event_type', type: 'text', from: 'event_type' },
  { name: 'occurred_at', type: 'timestamptz', from: 'occurred_at', transformation: 'RFC 3339 text as a timestamp' },
  { name: 'session_id', type: 'text', from: 'session_id' },
  { name: 'properties', type: 'jsonb', from: 'properties' },
  { name: 'schema_id', type: 'integer' },
  { name: 'kafka_partition', type: 'integer' },
  { name: 'kafka_offset', type: 'bigint' },
  { name: 'stored_at', type: 'timestamptz' },
];
