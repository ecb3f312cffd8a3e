import { Client } from 'pg';
import { TestkitError, TestkitErrorCode } from './testkit.errors';

/** Opens a pg client, turning a refused connection into an error that says which address and variable to check. */
export async function connectPostgres(connectionString: string): Promise<Client> {
  const client = new Client({ connectionString });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new TestkitError(
      TestkitErrorCode.ServiceUnavailable,
      `cannot connect to PostgreSQL at ${redactPassword(connectionString)} (set DATABASE_URL to an admin URL): ${String(error)}`,
      { cause: error },
    );
  }
  return client;
}

/** The URL with its password replaced, fit for error messages. */
export function redactPassword(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable URL>';
  }
}
