/** A server the bench's child process started, as the child reports it to the parent. */
export interface ListeningServer {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** A signed-in operator's bearer token, for servers that authenticate. */
  readonly accessToken?: string;
  /** Stops accepting connections and releases everything the server holds. */
  close(): Promise<void>;
}
