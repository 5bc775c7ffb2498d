export type CatalogRole = 'viewer' | 'operator';

/** Who is calling the management plane, as established by the auth mode. */
export interface Caller {
  name: string;
  role: CatalogRole;
  /** How the identity was established. */
  via: 'header' | 'token';
}

export const CALLER_KEY = 'catalogCaller';
