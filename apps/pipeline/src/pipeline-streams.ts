import type { StreamTopics } from './config/pipeline-config';
import { ORDER_COLUMNS, type OrderRow, type RecordPosition, toOrderRow } from './sink/order-row';
import type { TableColumn } from './sink/table-column';
import { toUserEventRow, USER_EVENT_COLUMNS, type UserEventRow } from './sink/user-event-row';

export type StreamId = 'orders' | 'user-events';

/** Nest's injection token for the pipeline's streams. */
export const PIPELINE_STREAMS = Symbol('PipelineStreams');
/** …and for what `GET /pipeline` says of its wiring. */
export const PIPELINE_DESCRIPTION = Symbol('PipelineDescription');

/**
 * How the pipeline is wired, as `GET /pipeline` tells tools that write to its topics (`charter pipeline run`): the
 * registry it enforces, the brokers it uses, and each stream's route, subject, topics, group, table and job.
 */
export interface PipelineDescription {
  registry: string;
  kafka: { brokers: string[] };
  streams: Array<{ id: StreamId; route: string; subject: string; table: string; job: string } & StreamTopics>;
}

export function describePipeline(
  streams: PipelineStreams,
  wiring: { registry: string; brokers: string[] },
): PipelineDescription {
  return {
    registry: wiring.registry,
    kafka: { brokers: wiring.brokers },
    streams: [streams.orders, streams.userEvents].map((stream) => ({
      id: stream.id,
      route: `/${stream.id}`,
      subject: stream.subject,
      ...stream.topics,
      table: stream.table,
      job: stream.job,
    })),
  };
}

/** One flow of the pipeline, HTTP route to table: what it is called, where it goes, how a record becomes a row. */
export interface PipelineStream<Row> {
  id: StreamId;
  topics: StreamTopics;
  /** The registry subject its records are held to (`<topic>-value`, Confluent's topic naming). */
  subject: string;
  /** The record field that keys its Kafka messages (ordering per key; partitioning). */
  keyField: string;
  /** The table its sink writes (`staging.<table>`), its columns, and the lineage job that writes it. */
  table: string;
  columns: readonly TableColumn[];
  job: string;
  toRow(value: unknown, position: RecordPosition): Row;
}

export interface PipelineStreams {
  orders: PipelineStream<OrderRow>;
  userEvents: PipelineStream<UserEventRow>;
}

/** The two sample flows: orders (Avro, keyed by order_id) and user events (JSON Schema, keyed by user_id). */
export function pipelineStreams(topics: { orders: StreamTopics; userEvents: StreamTopics }): PipelineStreams {
  return {
    orders: {
      id: 'orders',
      topics: topics.orders,
      subject: `${topics.orders.topic}-value`,
      keyField: 'order_id',
      table: 'staging.orders',
      columns: ORDER_COLUMNS,
      job: 'orders-sink',
      toRow: toOrderRow,
    },
    userEvents: {
      id: 'user-events',
      topics: topics.userEvents,
      subject: `${topics.userEvents.topic}-value`,
      keyField: 'user_id',
      table: 'staging.user_events',
      columns: USER_EVENT_COLUMNS,
      job: 'user-events-sink',
      toRow: toUserEventRow,
    },
  };
}
