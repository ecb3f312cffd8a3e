import type { Logger } from 'pino';
import type { RegistryConfig } from '../config/registry-config';
import type { ApiKeysService } from '../governance/api-keys.service';
import { writeFirstAdminKey } from './admin-key-file';

/**
 * Makes sure an admin can get in: the configured CHARTER_ADMIN_KEY, or on first start (no active admin key) a new
 * admin key written to the key file (`admin-key-file.ts`). Logs where the key is, never the key.
 */
export async function bootstrapAuth(
  config: RegistryConfig['auth'],
  keys: ApiKeysService,
  logger: Logger,
): Promise<void> {
  if (!config.enabled) {
    logger.warn(
      { event: 'auth.disabled' },
      'authentication is OFF (CHARTER_AUTH=off): every caller is an admin; use this for local development only',
    );
    return;
  }
  if (config.adminKey) {
    const made = await keys.ensureKey(config.adminKey, 'configured admin (CHARTER_ADMIN_KEY)');
    if (made)
      logger.info({ event: 'auth.admin-key.created', keyId: config.adminKey.keyId }, 'configured admin key stored');
    return;
  }
  if (await writeFirstAdminKey(config.adminKeyFile, (credentials) => keys.createFirstAdmin(credentials))) {
    logger.info(
      { event: 'auth.admin-key.created', keyFile: config.adminKeyFile },
      `first start: an admin API key was written to ${config.adminKeyFile} (keyId:secret; use it as Basic auth)`,
    );
  }
}
