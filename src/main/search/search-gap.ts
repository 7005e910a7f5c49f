/**
 * @file Why search by meaning has no vectors to use, in words true for the library's state:
 * "No photo has been embedded yet" only when no photo has vectors of any model; after a model
 * switch, which model the photos wait for (see [Note: Query understanding]).
 */
import type { SearchNotice } from '../../shared/search-schemas';

/** The two reasons EmbeddingService.searchModel() can be null. */
export type SearchGap = Extract<SearchNotice, { kind: 'no-model' | 'not-embedded' }>;

/**
 * What to tell the user (host-neutral: no command names), for the core's errors and the CLI.
 * `photos` is how many photos the library holds.
 */
export function searchGapMessage(gap: SearchGap, photos: number): string {
  switch (gap.kind) {
    case 'no-model':
      return 'No search model is installed yet: choose and download one first (the desktop app and the server offer them in Settings).';
    case 'not-embedded':
      if (gap.embeddedWith.length > 0)
        return `The photos were embedded with ${gap.embeddedWith.join(', ')}, which is not installed any more; they are being embedded for the active model ${gap.model}. Try again when that has finished, or install ${gap.embeddedWith[0] ?? ''} again.`;
      if (photos === 0) return 'The library has no photos yet: add a folder first.';
      return `No photo has been embedded yet for ${gap.model}; try again when indexing has finished.`;
  }
}
