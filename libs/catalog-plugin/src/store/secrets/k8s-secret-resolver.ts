import type { CoreV1Api } from '@kubernetes/client-node';
import type { SecretRef } from '../../config/sources-config';
import { PermissionDeniedError, ServiceUnavailableError } from '../../errors/catalog-errors';
import { kubeApiFailure } from '../k8s/kube-api-errors';
import { assertValidSecretRef } from './secret-ref-names';
import {
  SecretNotFoundError,
  SecretResolver,
  SecretValue,
  describeSecretRef,
} from './secret-resolver';

/**
 * Reads `data[key]` of a Kubernetes Secret through the API (RBAC: secrets get), base64-decoded.
 * A ref without namespace uses the server's namespace. Nothing is cached: a rotated Secret is
 * picked up by the next refresh.
 */
export class K8sSecretResolver implements SecretResolver {
  readonly kind = 'k8s' as const;

  constructor(
    private readonly api: CoreV1Api,
    private readonly defaultNamespace: string,
  ) {}

  async resolve(ref: SecretRef): Promise<SecretValue> {
    assertValidSecretRef(ref);
    const namespace = ref.namespace ?? this.defaultNamespace;
    const where: SecretRef = { ...ref, namespace };
    let data: Record<string, string> | undefined;
    try {
      data = (await this.api.readNamespacedSecret({ name: ref.name, namespace })).data;
    } catch (err) {
      const failure = kubeApiFailure(err);
      if (failure?.code === 404) throw new SecretNotFoundError(where, 'the Secret does not exist');
      if (failure?.code === 403) {
        throw new PermissionDeniedError(
          `secret ${describeSecretRef(where)} cannot be resolved: the service account may not read Secrets in namespace "${namespace}"`,
        );
      }
      // Only the status code: an error body is not ours to repeat.
      throw new ServiceUnavailableError(
        `secret ${describeSecretRef(where)} cannot be resolved: the Kubernetes API answered ${failure ? `HTTP ${failure.code}` : 'nothing (unreachable)'}`,
      );
    }
    const encoded = data?.[ref.key];
    if (encoded === undefined)
      throw new SecretNotFoundError(where, `the Secret has no key "${ref.key}"`);
    return new SecretValue(Buffer.from(encoded, 'base64').toString('utf8'));
  }
}
