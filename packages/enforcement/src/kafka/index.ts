// `@charter/enforcement/kafka`: the kafkajs adapters (a driver: outside the engine rule, ADR 0008).
export {
  ContractProducer,
  type ContractProducerOptions,
  type DeliveredRecord,
  type ProducedRecord,
  type ProducerEvents,
  RecordsRefusedError,
  type RefusalPolicy,
  type RefusedRecord,
} from './contract-producer';
export { OMITTED_BYTES_HEADER, OMITTED_VALUE_HEADER } from './dead-letter-headers';
export {
  type DeadLetter,
  inspectDeadLetters,
  REPLAYED_FROM_HEADER,
  type ReplayOptions,
  type ReplaySummary,
  readTopicToEnd,
  replayDeadLetters,
} from './dead-letters';
export { enforcementMetrics } from './enforcement-metrics';
export {
  type ConsumedRecord,
  type ConsumerEvents,
  DEAD_LETTER_HEADERS,
  type DeadLetterClass,
  type HandlerFailureAction,
  type RecordObserver,
  ValidatingConsumer,
  type ValidatingConsumerOptions,
} from './validating-consumer';
