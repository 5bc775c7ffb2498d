import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ServiceUnavailableError } from '../errors/catalog-errors';
import { PluginRegistry } from './plugin-registry';

const PLUGIN_ROUTE = 'catalog:plugin-route';

/** Marks a controller as a plugin's data plane: it answers 503 while that plugin is not serving. */
export const PluginRoute = (pluginName: string): ClassDecorator & MethodDecorator =>
  SetMetadata(PLUGIN_ROUTE, pluginName);

@Injectable()
export class PluginServingGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: PluginRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const name = this.reflector.getAllAndOverride<string | undefined>(PLUGIN_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!name) return true;
    const entry = this.registry.find(name);
    if (!entry?.status.serving) {
      throw new ServiceUnavailableError(
        `plugin "${name}" is not serving: ${entry?.status.lastError ?? 'not initialized'}`,
      );
    }
    return true;
  }
}
