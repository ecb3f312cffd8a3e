import { SchemaRegistryClient } from '@confluentinc/schemaregistry';

/** Confluent's own JavaScript client pointed at a test registry, authenticating as Confluent clients do (Basic). */
export function confluentClient(registry: { url: string; adminKey: { keyId: string; secret: string } }) {
  return new SchemaRegistryClient({
    baseURLs: [registry.url],
    maxRetries: 0,
    basicAuthCredentials: {
      credentialsSource: 'USER_INFO',
      userInfo: `${registry.adminKey.keyId}:${registry.adminKey.secret}`,
    },
  });
}
