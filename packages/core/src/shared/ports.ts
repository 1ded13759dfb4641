// Ports the use cases receive; adapters live in services/.

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

/** An opaque position in a key-ordered listing (a DynamoDB key, say). */
export type PageKey = Record<string, string | number>;

/** One page of a key-ordered listing; every entry carries its own key so each edge gets a cursor. */
export interface Page<T> {
  entries: { item: T; key: PageKey }[];
  hasMore: boolean;
  /** Where the next page starts when reads stopped past the last entry (a filtered page). */
  endKey?: PageKey;
}

export interface PageRequest {
  limit: number;
  startKey?: PageKey;
}
