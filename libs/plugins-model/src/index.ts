export * from './model-plugin.module';
export * from './model.plugin';
