/**
 * @file Places: where the library's photos were taken ([Note: Photo places]). An offline
 * world map with photo counts at their towns on top, and below it the countries → regions →
 * towns with counts (how many of them inferred) and a photo per country. Clicking a place
 * searches with that place's chip; the attribution the data's licences ask for is the footer.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlaceTree } from '../../shared/place-schemas';
import { call } from '../api/call';
import { ActionError } from '../components/action-error';
import { Thumbnail } from '../components/thumbnail';
import { WorldMap, type MapTown } from '../components/world-map';
import { useAction } from '../hooks/use-action';
import { useEvents } from '../hooks/use-events';

/** A place's count, and how many of them were inferred when some were. */
function Counts({ photos, inferred }: { photos: number; inferred: number }) {
  const { t } = useTranslation();
  return (
    <span className="place-count">
      {t('places.photos', { count: photos })}
      {inferred > 0 ? (
        <span className="place-inferred"> · {t('places.inferred', { count: inferred })}</span>
      ) : null}
    </span>
  );
}

export function PlacesView({
  onShowPlace,
}: {
  /** Searches with the place chip of `key` (`town:…`, `region:…`, `country:…`). */
  onShowPlace: (key: string, name: string) => void;
}) {
  const { t } = useTranslation();
  const [tree, setTree] = useState<PlaceTree | null>(null);
  const load = useAction({ latestOnly: true });
  const { run } = load;
  const reload = useCallback(() => {
    void run(() => call('places:tree')).then((value) => {
      if (value) setTree(value);
    });
  }, [run]);
  useEffect(reload, [reload]);
  // Online tiles only when the user turned them on ([Note: Online map tiles]).
  const [tiles, setTiles] = useState<string | null>(null);
  const settings = useAction();
  const runSettings = settings.run;
  useEffect(() => {
    void runSettings(() => call('settings:get')).then((s) => {
      if (s) setTiles(s.mapTiles ? s.mapTileUrl : null);
    });
  }, [runSettings]);
  // Photos placed meanwhile (indexing, a place set) show up when the stage finishes a batch.
  useEvents((event) => {
    if (event.type === 'job:progress' && event.job === 'places' && event.done === event.total)
      reload();
  });

  if (!tree) return <ActionError error={load.error} />;
  const towns: MapTown[] = tree.countries.flatMap((c) =>
    c.regions.flatMap((r) => [
      ...r.towns.map((town) => ({
        key: `town:${String(town.id)}`,
        name: town.name,
        region: r.id,
        country: c.code,
        lat: town.lat,
        lon: town.lon,
        photos: town.photos,
      })),
      // The region's photos outside every town, approximately where they are.
      ...(r.at && r.elsewhere > 0
        ? [
            {
              key: `region:${String(r.id)}`,
              name: [r.name, c.name].filter(Boolean).join(', '),
              region: r.id,
              country: c.code,
              ...r.at,
              photos: r.elsewhere,
              approximate: true,
            },
          ]
        : []),
    ]),
  );
  const place = (key: string, name: string, children: ReactNode) => (
    <button
      type="button"
      className="link-button place-link"
      onClick={() => {
        onShowPlace(key, name);
      }}
    >
      {children}
    </button>
  );
  return (
    <div className="places-view">
      <ActionError error={load.error} />
      {tree.problem ? <p role="alert">{tree.problem}</p> : null}
      <WorldMap towns={towns} tiles={tiles} onShowPlace={onShowPlace} />
      {tree.countries.length === 0 ? (
        <p className="empty-state" role="status">
          {t('places.empty')}
        </p>
      ) : (
        <section aria-label={t('places.list')}>
          <ul className="place-countries">
            {tree.countries.map((country) => (
              <li key={country.code} className="place-country">
                {country.cover === null ? null : (
                  <span className="place-cover">
                    <Thumbnail id={country.cover} placeholder={null} />
                  </span>
                )}
                <div>
                  <h2>
                    {place(`country:${country.code}`, country.name, country.name)}{' '}
                    <Counts photos={country.photos} inferred={country.inferred} />
                  </h2>
                  <ul className="place-regions">
                    {country.regions.map((region) => (
                      <li key={region.id}>
                        {place(`region:${String(region.id)}`, region.name, region.name)}{' '}
                        <Counts photos={region.photos} inferred={region.inferred} />
                        {region.towns.length > 0 ? (
                          <ul className="place-towns">
                            {region.towns.map((town) => (
                              <li key={town.id}>
                                {place(`town:${String(town.id)}`, town.name, town.name)}{' '}
                                <Counts photos={town.photos} inferred={town.inferred} />
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {tree.unplaced > 0 ? (
        <p className="hint">{t('places.unplaced', { count: tree.unplaced })}</p>
      ) : null}
      <footer className="attribution">{t('places.attribution')}</footer>
    </div>
  );
}
