/** DI token of the CatalogContentReader in use (file reader, or the config store). */
export const CATALOG_CONTENT_READER = Symbol('CATALOG_CONTENT_READER');

/**
 * Reads catalog content a source points at. `origin` is the sources.yaml the path was written in;
 * relative paths resolve against it. Implementations: plain files (dev), the config store.
 */
export interface CatalogContentReader {
  read(path: string, origin: string): Promise<string>;
  readBytes(path: string, origin: string): Promise<Buffer>;
}
