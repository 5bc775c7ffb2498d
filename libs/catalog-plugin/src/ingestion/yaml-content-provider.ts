import type { LoadedSource } from '../config/sources-config';
import type { ErrorDetail } from '../errors/catalog-errors';
import type { ContentProvider, ContentReadContext, ContentRef } from './catalog-definition';

/**
 * Provider `yaml`: content from `properties.yamlCatalogPath` (relative to the source's origin,
 * read through the config store) or inline `properties.content`.
 */
export class YamlContentProvider implements ContentProvider {
  readonly type: string = 'yaml';
  readonly pointerProperties = ['yamlCatalogPath'] as const;

  validateProperties(
    source: LoadedSource,
    options: { contentSupplied?: boolean } = {},
  ): ErrorDetail[] {
    const { yamlCatalogPath, content } = source.properties;
    const errors: ErrorDetail[] = [];
    if (
      yamlCatalogPath !== undefined &&
      (typeof yamlCatalogPath !== 'string' || yamlCatalogPath.trim() === '')
    ) {
      errors.push({ field: 'properties.yamlCatalogPath', message: 'must be a non-empty path' });
    }
    if (content !== undefined && typeof content !== 'string') {
      errors.push({
        field: 'properties.content',
        message: 'must be a string holding the catalog YAML',
      });
    }
    if (yamlCatalogPath !== undefined && content !== undefined) {
      errors.push({
        field: 'properties',
        message: 'set either yamlCatalogPath or content, not both',
      });
    }
    if (yamlCatalogPath === undefined && content === undefined && !options.contentSupplied) {
      errors.push({
        field: 'properties',
        message: 'a yaml source needs properties.yamlCatalogPath or properties.content',
      });
    }
    return errors;
  }

  contentRef(source: LoadedSource): ContentRef {
    const { yamlCatalogPath, content } = source.properties;
    if (typeof yamlCatalogPath === 'string')
      return { kind: 'path', path: yamlCatalogPath, origin: source.origin };
    if (typeof content === 'string') return { kind: 'inline', text: content };
    return { kind: 'none' };
  }

  async readContentBytes(source: LoadedSource, { reader }: ContentReadContext): Promise<Buffer> {
    const ref = this.contentRef(source);
    if (ref.kind === 'inline') return Buffer.from(ref.text, 'utf8');
    if (ref.kind === 'none')
      throw new Error('source has neither properties.yamlCatalogPath nor properties.content');
    return reader.readBytes(ref.path, ref.origin);
  }

  async readContent(source: LoadedSource, { reader }: ContentReadContext): Promise<string> {
    const ref = this.contentRef(source);
    if (ref.kind === 'inline') return ref.text;
    if (ref.kind === 'none')
      throw new Error('source has neither properties.yamlCatalogPath nor properties.content');
    return reader.read(ref.path, ref.origin);
  }
}

export const yamlContentProvider = new YamlContentProvider();
