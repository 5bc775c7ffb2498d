import { Injectable } from '@nestjs/common';
import { CatalogPlugin, CatalogSection } from '@catalog/plugin';

@Injectable()
export class ModelPlugin implements CatalogPlugin {
  readonly name = 'model';
  readonly version = 'v1alpha1';
  readonly description = 'Catalog of machine-learning models (upstream Kubeflow model catalog API)';
  readonly configKey = 'models';
  readonly entities = [];
  readonly migrations = [];

  async init(_section: CatalogSection | undefined): Promise<void> {}
}
