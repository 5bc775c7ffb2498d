import { ErrorDetail, ValidationFailedError, formatErrorDetails } from '../errors/catalog-errors';
import { DocumentSchemaValidator } from '../schema/document-schema-validator';
import { loadYaml } from '../yaml/yaml-loader';
import { YamlLocator } from '../yaml/yaml-locator';
import { SourcesDocument } from './sources-config';
import { SOURCES_DOCUMENT_SCHEMA } from './sources-document.schema';

const validator = new DocumentSchemaValidator(SOURCES_DOCUMENT_SCHEMA);

/** A `sources.yaml` document that cannot be used; details carry path, line and column. */
export class SourcesConfigError extends ValidationFailedError {
  constructor(
    readonly origin: string,
    details: ErrorDetail[],
  ) {
    super(`invalid sources configuration in ${origin}:\n${formatErrorDetails(details)}`, details);
  }
}

/** Parses and strictly validates one `sources.yaml` document. */
export function parseSourcesDocument(text: string, origin: string): SourcesDocument {
  const loaded = loadYaml(text);
  if (!loaded.ok) throw new SourcesConfigError(origin, loaded.errors);
  if (loaded.value === null || loaded.value === undefined) {
    throw new SourcesConfigError(origin, [{ message: 'document is empty' }]);
  }
  const locator = new YamlLocator(text);
  const errors = validator.validate(loaded.value, locator);
  const doc = loaded.value as SourcesDocument;
  if (errors.length === 0) {
    for (const [configKey, section] of Object.entries(doc.catalogs ?? {})) {
      const seen = new Map<string, number>();
      (section?.sources ?? []).forEach((source, index) => {
        const first = seen.get(source.id);
        if (first !== undefined) {
          const pos = locator.locateValue(['catalogs', configKey, 'sources', index, 'id']);
          errors.push({
            field: `catalogs.${configKey}.sources[${index}].id`,
            message: `duplicate source id "${source.id}" (also at sources[${first}])`,
            ...pos,
          });
        } else seen.set(source.id, index);
      });
    }
  }
  if (errors.length > 0) throw new SourcesConfigError(origin, errors);
  return doc;
}
