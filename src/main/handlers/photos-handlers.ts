/**
 * @file The `photos:` channels: listing, search, similar photos and duplicates, and what the
 * desktop can do with a photo's file (show, open, trash).
 */
import { AppFailure } from '../../shared/result';
import type { Core } from '../core';
import type { DomainHandlers, HostActions } from './handler-types';

import { faceViews } from '../people/face-views';
import { markedForDeletion } from '../search/duplicate-decisions';

export { markedForDeletion };

/** The handlers of the `photos:` channels. */
export function photosHandlers(core: Core, host: HostActions): DomainHandlers<'photos'> {
  const fileOf = (id: number): string => {
    const { path } = core.library.resolvePhoto({ id });
    if (!path) throw new AppFailure('not-found', `Photo ${String(id)} has no file on disk.`);
    return path;
  };
  const desktopOnly = (what: string, file: string) =>
    new AppFailure('unavailable', `Only the desktop app can ${what}. The file is ${file}.`);
  return {
    'photos:list': (args) => core.library.photos(args?.limit ?? 200, args?.offset ?? 0),
    'photos:get': async ({ id }) => {
      const detail = core.library.photo(id);
      const placed = core.places.places.placeOf(id);
      // A damaged place database leaves the place out, never the photo (see [Note: Photo places]).
      const geocoder = placed ? await core.places.geocoder().catch(() => null) : null;
      if (!placed || !geocoder) return { ...detail, place: null };
      const names = geocoder.names(placed, core.placeLanguage);
      return {
        ...detail,
        place: {
          town: names.town,
          region: names.region,
          country: names.country ?? placed.country ?? '',
          source: placed.source,
        },
      };
    },
    'photos:resolve': (ref) => core.library.resolvePhoto(ref),
    'photos:cards': ({ ids }) => ({ photos: core.library.cards(ids) }),
    'photos:faces': ({ id }) => {
      core.library.resolvePhoto({ id });
      return { faces: faceViews(core.db.db, core.people.photoFaces(id)) };
    },
    'photos:reveal': ({ id }) => {
      const file = fileOf(id);
      if (!host.reveal) throw desktopOnly('show files in their folder', file);
      host.reveal(file);
      return { ok: true as const };
    },
    'photos:openExternal': async ({ id }) => {
      const file = fileOf(id);
      if (!host.openWithDefault) throw desktopOnly('open files in other programs', file);
      await host.openWithDefault(file);
      return { ok: true as const };
    },
    'photos:trash': async ({ ids }) => {
      if (!host.trash) {
        // The headless host never deletes: it marks, and the user deletes on their machine.
        let marked = 0;
        for (const id of ids) {
          core.library.resolvePhoto({ id });
          await core.tags.add(id, markedForDeletion);
          marked++;
        }
        return { trashed: 0, marked };
      }
      let trashed = 0;
      for (const id of ids) {
        for (const file of core.library.filesOf(id)) {
          await host.trash(file);
          trashed++;
        }
      }
      await core.library.scan();
      return { trashed, marked: 0 };
    },
    'photos:files': ({ ids }) => ({
      photos: core.library.cards(ids).map(({ id, path }) => ({
        id,
        path,
        files: core.library.filesOf(id),
      })),
    }),
    'photos:setDate': ({ ids, date }) => core.setDates(ids, date),
    'photos:search': (args) => core.search.search(args),
    'photos:similar': ({ photo, limit }) => core.similar.similar(photo, limit),
    'photos:duplicates': async () => ({ groups: await core.duplicates.groups() }),
    'photos:dismissDuplicates': (args) => {
      if ('photoIds' in args) {
        for (const id of args.photoIds) core.library.resolvePhoto({ id });
        core.duplicates.decisions.dismissPhotos(args.photoIds);
      } else {
        core.library.resolvePhoto({ id: args.photoId });
        core.duplicates.decisions.dismissFiles(args.photoId, args.paths);
      }
      return { ok: true as const };
    },
    'photos:trashCopies': async ({ photoId, paths }) => {
      const present = core.library.filesOf(photoId);
      const unknown = paths.filter((p) => !present.includes(p));
      if (unknown.length > 0)
        throw new AppFailure(
          'invalid-argument',
          `${unknown.join(', ')} is not a file of photo ${String(photoId)} on disk; list the duplicates again.`,
        );
      // The photo keeps its identity, tags and at least one file (see [Note: Near-duplicates]).
      if (present.every((p) => paths.includes(p)))
        throw new AppFailure(
          'invalid-argument',
          'Choose one copy to keep: every file of this photo was chosen for removal.',
        );
      if (!host.trash) {
        core.duplicates.decisions.markFiles(paths);
        return { trashed: 0, marked: paths.length };
      }
      for (const file of paths) await host.trash(file);
      await core.library.scan();
      return { trashed: paths.length, marked: 0 };
    },
  };
}
