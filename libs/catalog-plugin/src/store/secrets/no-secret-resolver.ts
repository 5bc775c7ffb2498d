import type { SecretRef } from '../../config/sources-config';
import { ServiceUnavailableError } from '../../errors/catalog-errors';
import { SecretResolver, SecretValue, describeSecretRef } from './secret-resolver';

/** Used when neither Kubernetes nor CATALOG_SECRETS_DIR is configured: every SecretRef fails clearly. */
export class NoSecretResolver implements SecretResolver {
  readonly kind = 'none' as const;

  resolve(ref: SecretRef): Promise<SecretValue> {
    return Promise.reject(
      new ServiceUnavailableError(
        `secret ${describeSecretRef(ref)} cannot be resolved: no secret source is configured ` +
          '(set CATALOG_SECRETS_DIR, or run with CATALOG_CONFIG_STORE_MODE=k8s)',
      ),
    );
  }
}
