// `@charter/enforcement/kafka`: the kafkajs adapters (a driver: outside the engine rule, ADR 0008).
export {
  ContractProducer,
  type ContractProducerOptions,
  type ProducedRecord,
  type ProducerEvents,
  RecordsRefusedError,
  type RefusedRecord,
} from './contract-producer';
export { enforcementMetrics } from './enforcement-metrics';
export {
  type ConsumedRecord,
  type ConsumerEvents,
  DEAD_LETTER_HEADERS,
  type DeadLetterClass,
  ValidatingConsumer,
  type ValidatingConsumerOptions,
} from './validating-consumer';
