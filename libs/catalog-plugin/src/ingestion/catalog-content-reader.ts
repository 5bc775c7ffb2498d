/**
 * Reads catalog content a source points at. `origin` is the sources.yaml the path was written in;
 * relative paths resolve against it. Implementations: plain files (dev), the config store.
 */
export interface CatalogContentReader {
  read(path: string, origin: string): Promise<string>;
  readBytes(path: string, origin: string): Promise<Buffer>;
}
