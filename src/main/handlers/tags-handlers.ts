/**
 * @file The `tags:` channels: a photo's tags, accepting and rejecting suggestions, the review
 * queue, renaming, and user-defined (zero-shot) tags.
 */
import path from 'node:path';
import type { Core } from '../core';
import type { DomainHandlers } from './handler-types';

/** The handlers of the `tags:` channels. */
export function tagsHandlers(core: Core): DomainHandlers<'tags'> {
  return {
    'tags:list': (args) => core.tags.list(args?.lang),
    'tags:forPhoto': ({ photoId, lang }) => {
      core.library.resolvePhoto({ id: photoId });
      return core.tags.photoTags(photoId, lang);
    },
    'tags:accept': async ({ photoId, name }) => {
      core.library.resolvePhoto({ id: photoId });
      await core.tags.accept(photoId, name);
      return { ok: true as const };
    },
    'tags:reject': ({ photoId, name }) => {
      core.library.resolvePhoto({ id: photoId });
      core.tags.reject(photoId, name);
      return { ok: true as const };
    },
    'tags:add': async ({ photoId, name, lang, concept }) => {
      core.library.resolvePhoto({ id: photoId });
      const added = await core.tags.add(photoId, name, {
        ...(lang ? { lang } : {}),
        ...(concept ? { concept } : {}),
      });
      return { ok: true as const, ...added };
    },
    'tags:acceptAll': async ({ photoIds }) => ({
      accepted: await core.tags.acceptSuggestions(photoIds),
    }),
    'tags:rejectAll': ({ photoIds }) => {
      let rejected = 0;
      for (const { id } of core.library.cards(photoIds))
        for (const tag of core.tags.photoTags(id))
          if (tag.state === 'suggested') {
            core.tags.reject(id, tag.key);
            rejected++;
          }
      return { rejected };
    },
    'tags:addMany': async ({ photoIds, name }) => {
      // A selection may hold a photo removed since it was selected (or set aside with its
      // folder: no file in the library): the others are still tagged.
      const known = core.library.cards(photoIds).filter((card) => card.path !== null);
      for (const { id } of known) await core.tags.add(id, name);
      return { photos: known.length };
    },
    'tags:acceptFolder': async ({ folder, writeXmp, lang }) => {
      const root = path.resolve(folder);
      // Pending work (embedding, then suggestions) first, so no photo of the folder is left out.
      await core.pipeline.afterIngest();
      const ids = core.photosIn(root);
      const accepted = await core.tags.acceptSuggestions(ids);
      const sidecars = writeXmp ? await core.writeSidecars(ids, lang) : 0;
      return { folder: root, photos: ids.length, accepted, sidecars };
    },
    'tags:review': async ({ name, accept }) => ({ photos: await core.tags.review(name, accept) }),
    'tags:suggestions': ({ name }) => ({ photos: core.tags.suggestions(name) }),
    'tags:reviewPhotos': ({ name, accept, reject }) => core.tags.reviewPhotos(name, accept, reject),
    'tags:rename': ({ from, to }) => ({ photos: core.tags.rename(from, to) }),
    'tags:remove': ({ name }) => ({ photos: core.tags.remove(name) }),
    'tags:previewCustom': ({ text, limit }) => core.tags.previewZeroShot(text, limit),
    'tags:applyCustom': async ({ text, photoIds, excluded }) => ({
      tagged: await core.tags.applyZeroShot(text, photoIds, excluded),
    }),
  };
}
