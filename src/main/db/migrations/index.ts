/** @file The ordered list of every schema migration; append, never edit a released one. */
import type { Migration } from '../migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-library';
import { migration0003 } from './0003-embeddings';
import { migration0004 } from './0004-tags';
import { migration0005 } from './0005-job-kinds';
import { migration0008 } from './0008-user-dates';

/**
 * Stand-ins for schema 6 and 7, which other changes made in parallel bring; drop each when its
 * real migration is merged (the list must count 1, 2, 3… without gaps).
 */
const reserved = (version: number): Migration => ({
  version,
  name: `reserved-${String(version)}`,
  up: () => undefined,
});

export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  reserved(6),
  reserved(7),
  migration0008,
];
