import 'reflect-metadata';
import { DEFAULT_PLUGINS } from '../../../apps/catalog-server/src/app.module';
import { runServer } from '../../../apps/catalog-server/src/server';
import { SlowRoutePluginModule } from '../../support/slow-route-plugin';

// The real server entry (same env handling, signals and shutdown) plus a route whose requests
// last until the test releases them.
void runServer({ plugins: [...DEFAULT_PLUGINS, SlowRoutePluginModule] });
