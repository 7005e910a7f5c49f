/**
 * @file Schema 6 is another change's (developed in parallel): this stand-in keeps the numbered
 * sequence whole on this branch. When the real 0006 is merged, it replaces this file.
 */
import type { Migration } from '../migration';

export const migration0006: Migration = {
  version: 6,
  name: 'reserved',
  up() {
    // Nothing: the real schema 6 replaces this file.
  },
};
