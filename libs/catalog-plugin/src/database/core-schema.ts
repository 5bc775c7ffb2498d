import type { EntityClass, MigrationClass } from '../plugin/catalog-plugin';
import { RefreshStatusEntity } from '../status/refresh-status.entity';
import { CreateRefreshStatus1764460800000 } from '../status/migrations/1764460800000-CreateRefreshStatus';

/** Tables owned by the kernel (not by a plugin). */
export const CORE_ENTITIES: EntityClass[] = [RefreshStatusEntity];
export const CORE_MIGRATIONS: MigrationClass[] = [CreateRefreshStatus1764460800000];
