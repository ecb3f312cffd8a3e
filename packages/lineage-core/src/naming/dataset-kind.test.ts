import { isStreamingDataset, isTopicNamespace, TOPIC_SCHEMES } from './dataset-kind';

describe('isStreamingDataset: streaming or batch, for the blast radius and charter diff', () => {
  it.each<[string, { namespace: string; writer?: { streaming?: boolean } }, boolean]>([
    ['a Kafka topic', { namespace: 'kafka://kafka.charter.local:9092' }, true],
    ['a Pulsar topic, scheme in capitals', { namespace: 'PULSAR://broker:6650' }, true],
    ['a table a streaming job writes', { namespace: 'postgres://db:5432', writer: { streaming: true } }, true],
    [
      'a table a batch job writes downstream of a stream',
      { namespace: 'snowflake://acme', writer: { streaming: false } },
      false,
    ],
    ['a dbt model (batch writer)', { namespace: 'snowflake://acme', writer: {} }, false],
    ['a dataset no job writes', { namespace: 'looker://acme.looker.com' }, false],
    ['a namespace without a scheme', { namespace: 'warehouse' }, false],
  ])('%s', (_name, dataset, streaming) => {
    expect(isStreamingDataset(dataset)).toBe(streaming);
  });
});

describe('TOPIC_SCHEMES', () => {
  it('are the topic namespaces, whatever the case of the scheme', () => {
    for (const scheme of TOPIC_SCHEMES) {
      expect(isTopicNamespace(`${scheme.toUpperCase()}://host:1234`)).toBe(true);
    }
    expect(isTopicNamespace('postgres://db:5432')).toBe(false);
    expect(isTopicNamespace('kafka')).toBe(false);
  });
});
