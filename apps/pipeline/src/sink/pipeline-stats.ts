import { Counter, type Registry } from 'prom-client';
import type { WriteOutcome } from './row-store';

/** One stream's counts since the service started. */
export interface StreamCounts {
  topic: string;
  /** Records the HTTP edge sent to the topic. */
  ingested: number;
  /** Records the sink took: written as new rows, as newer states of stored rows, or found already stored. */
  inserted: number;
  updated: number;
  duplicates: number;
  /** Records sent to the dead-letter topic, by class. */
  deadLettered: Record<string, number>;
}

export interface PipelineCounts {
  streams: Record<string, StreamCounts>;
  lineage: { sent: number; failed: number };
}

/**
 * What the pipeline did since it started, per stream (`GET /stats`, and the Prometheus counters
 * `charter_pipeline_ingested_total{topic}`, `charter_pipeline_rows_total{table,outcome}` and
 * `charter_pipeline_lineage_events_total{outcome}`). `charter pipeline run` reads it to account for every record.
 */
export class PipelineStats {
  private readonly streams = new Map<string, StreamCounts>();
  private readonly lineage = { sent: 0, failed: 0 };
  private readonly ingestedTotal: Counter<'topic'>;
  private readonly rowsTotal: Counter<'table' | 'outcome'>;
  private readonly lineageTotal: Counter<'outcome'>;

  constructor(registry: Registry, streams: ReadonlyArray<{ id: string; topic: string }>) {
    for (const stream of streams) {
      this.streams.set(stream.id, {
        topic: stream.topic,
        ingested: 0,
        inserted: 0,
        updated: 0,
        duplicates: 0,
        deadLettered: {},
      });
    }
    this.ingestedTotal = new Counter({
      name: 'charter_pipeline_ingested_total',
      help: 'Records the HTTP edge sent to Kafka',
      labelNames: ['topic'],
      registers: [registry],
    });
    this.rowsTotal = new Counter({
      name: 'charter_pipeline_rows_total',
      help: 'Records the sinks took, by outcome: inserted, updated, duplicate (already stored as is)',
      labelNames: ['table', 'outcome'],
      registers: [registry],
    });
    this.lineageTotal = new Counter({
      name: 'charter_pipeline_lineage_events_total',
      help: 'OpenLineage run events posted, by outcome (sent, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  ingested(stream: string, count: number): void {
    const counts = this.of(stream);
    counts.ingested += count;
    this.ingestedTotal.inc({ topic: counts.topic }, count);
  }

  written(stream: string, table: string, outcome: WriteOutcome): void {
    const counts = this.of(stream);
    if (outcome === 'inserted') counts.inserted++;
    else if (outcome === 'updated') counts.updated++;
    else counts.duplicates++;
    this.rowsTotal.inc({ table, outcome });
  }

  deadLettered(stream: string, errorClass: string): void {
    const counts = this.of(stream);
    counts.deadLettered[errorClass] = (counts.deadLettered[errorClass] ?? 0) + 1;
  }

  lineageEvent(outcome: 'sent' | 'failed'): void {
    this.lineage[outcome]++;
    this.lineageTotal.inc({ outcome });
  }

  snapshot(): PipelineCounts {
    const streams: Record<string, StreamCounts> = {};
    for (const [id, counts] of this.streams) streams[id] = { ...counts, deadLettered: { ...counts.deadLettered } };
    return { streams, lineage: { ...this.lineage } };
  }

  private of(stream: string): StreamCounts {
    const counts = this.streams.get(stream);
    if (!counts) throw new Error(`unknown stream ${stream}`);
    return counts;
  }
}
