/** The servers the HTTP benchmark starts, each in a child process of its own. */
export const HTTP_SERVER_KINDS = [
  'hello_world',
  'mounted_hello_world',
  'express_memory',
  'express_postgres',
] as const;

/** One of {@link HTTP_SERVER_KINDS}. */
export type HttpServerKind = (typeof HTTP_SERVER_KINDS)[number];

/** The one line a child prints on standard output once its server listens. */
export interface ServerReady {
  readonly port: number;
  /** A signed-in operator's bearer token (the Express servers). */
  readonly accessToken?: string;
}
