import type { ActionRegistry } from '../action-registry';

/**
 * What a drill supplies to act on a running pipeline; the runbook names these actions, the drill implements them
 * against its own producer and consumers (issue #17 §3). Nothing here talks to Kafka.
 */
export interface PipelineControls {
  /** `producer.pause` `{ topic? }`: stop producing (records wait at the edge). */
  pauseProducer(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
  /** `producer.resume` `{ topic? }`. */
  resumeProducer(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
  /** `consumer.dead-letter-mode` `{ group? }`: dead-letter what fails instead of retrying or pausing. */
  switchConsumerToDeadLetter(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
  /** `dlq.replay` `{ topic? }` → counts replayed. */
  replayDeadLetters(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

export function pipelineActions(controls: PipelineControls): ActionRegistry {
  return {
    'producer.pause': (params, { signal }) => controls.pauseProducer(params, signal),
    'producer.resume': (params, { signal }) => controls.resumeProducer(params, signal),
    'consumer.dead-letter-mode': (params, { signal }) => controls.switchConsumerToDeadLetter(params, signal),
    'dlq.replay': (params, { signal }) => controls.replayDeadLetters(params, signal),
  };
}
