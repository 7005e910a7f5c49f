/** @file The ordered list of every schema migration; append, never edit a released one. */
import type { Migration } from '../migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-library';
import { migration0003 } from './0003-embeddings';
import { migration0004 } from './0004-tags';
import { migration0005 } from './0005-job-kinds';
import { migration0006 } from './0006-duplicates';
import { migration0007 } from './0007-folder-removal';
import { migration0008 } from './0008-user-dates';
import { migration0009 } from './0009-tags-review';
import { migration0010 } from './0010-faces';
import { migration0011 } from './0011-face-regions';
import { migration0012 } from './0012-places';
import { migration0013 } from './0013-photo-text';
import { migration0014 } from './0014-gps-source';
import { migration0015 } from './0015-search-indexes';
import { migration0016 } from './0016-filter-lookups';
import { migration0017 } from './0017-listing-counts';

export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
];
