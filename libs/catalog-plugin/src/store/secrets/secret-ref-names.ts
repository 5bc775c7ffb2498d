import type { SecretRef } from '../../config/sources-config';
import { InvalidArgumentError } from '../../errors/catalog-errors';
import { describeSecretRef } from './secret-resolver';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Checks a SecretRef against Kubernetes' naming rules (Secret name: DNS-1123 subdomain; key:
 * `[-._a-zA-Z0-9]+`, not `.` or `..`; namespace: DNS-1123 label). Besides matching what a cluster
 * accepts, this is what keeps `<dir>/<name>/<key>` inside the secrets directory: no segment can
 * be empty, `..`, absolute or contain a separator.
 */
export function assertValidSecretRef(ref: SecretRef): void {
  const problems: Array<{ field: string; message: string }> = [];
  if (!DNS_SUBDOMAIN.test(ref.name) || ref.name.length > 253) {
    problems.push({
      field: 'name',
      message: 'must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
    });
  }
  if (!SECRET_KEY.test(ref.key) || ref.key === '.' || ref.key === '..' || ref.key.length > 253) {
    problems.push({
      field: 'key',
      message: 'must consist of letters, digits, "-", "_" and "." (not "." or "..")',
    });
  }
  if (
    ref.namespace !== undefined &&
    (!DNS_LABEL.test(ref.namespace) || ref.namespace.length > 63)
  ) {
    problems.push({ field: 'namespace', message: 'must be a DNS-1123 label' });
  }
  if (problems.length > 0) {
    throw new InvalidArgumentError(
      `invalid secret reference ${JSON.stringify(describeSecretRef(ref))}`,
      problems,
    );
  }
}
