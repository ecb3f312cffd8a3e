import type { RegistryHttp } from './registry-http';

export interface IssuedKey {
  id: string;
  secret: string;
  token: string;
  role: string;
}

/** Issues a key through the API (as the admin `http` does) and returns a client speaking as it. */
export async function issueKey(
  http: RegistryHttp,
  role: string,
  name = role,
): Promise<{ key: IssuedKey; http: RegistryHttp }> {
  const response = await http.post<IssuedKey>('/keys', { name, role });
  if (response.status !== 201) throw new Error(`could not issue a ${role} key: ${JSON.stringify(response.body)}`);
  return { key: response.body, http: http.as({ keyId: response.body.id, secret: response.body.secret }) };
}

/** The ownership map the tests use (the same teams as contracts/ownership.yaml, reduced). */
export const TEST_OWNERSHIP = {
  teams: [
    { name: 'orders', subjectPrefixes: ['orders-'], members: ['ada@charter.dev'] },
    { name: 'growth', subjectPrefixes: ['user-events-'], members: ['grace@charter.dev'] },
    { name: 'analytics', subjectPrefixes: ['analytics.'], members: ['alan@charter.dev'] },
    { name: 'fulfilment', subjectPrefixes: ['fulfilment.'], members: ['barbara@charter.dev'] },
    { name: 'platform', subjectPrefixes: ['platform.'], members: ['edsger@charter.dev'] },
  ],
};
