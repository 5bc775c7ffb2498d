import type { ErrorDetail } from '../../errors/catalog-errors';

export type ValidationLayerName =
  'yaml_parse' | 'strict_fields' | 'semantic' | 'security_warnings' | 'provider';

export const VALIDATION_LAYERS: readonly ValidationLayerName[] = [
  'yaml_parse',
  'strict_fields',
  'semantic',
  'security_warnings',
  'provider',
];

export interface ValidationLayerResult {
  layer: ValidationLayerName;
  /** passed | failed | skipped (not run: an earlier critical layer failed, or nothing to check). */
  status: 'passed' | 'failed' | 'skipped';
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  /** Why the layer was skipped. */
  reason?: string;
}

export interface ValidationReport {
  valid: boolean;
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  layerResults: ValidationLayerResult[];
  /** The content re-serialized without comments, when rawYaml was given and is valid. */
  normalizedYaml?: string;
}
