/**
 * @file Settings' choice of online map tiles for the Places map ([Note: Online map tiles]): off
 * by default, with what turning it on sends where, and the tile server's address.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../shared/tag-schemas';
import { call } from '../api/call';
import { useAction } from '../hooks/use-action';
import { ActionError } from './action-error';

export function MapTileSettings({
  settings,
  onChange,
}: {
  settings: Settings;
  onChange: (settings: Settings) => void;
}) {
  const { t } = useTranslation();
  const { run, error } = useAction();
  const [url, setUrl] = useState(settings.mapTileUrl);
  const save = (changes: Partial<Settings>) => {
    void run(async () => {
      onChange(await call('settings:set', changes));
      // The page's Content-Security-Policy names the tile server only while tiles are on; it is
      // read when the page loads ([Note: Online map tiles]).
      window.location.reload();
    });
  };
  return (
    <section aria-labelledby="map-tiles-heading">
      <label className="checkbox" id="map-tiles-heading">
        <input
          type="checkbox"
          checked={settings.mapTiles}
          onChange={(event) => {
            save({ mapTiles: event.target.checked });
          }}
        />
        {t('settings.mapTiles')}
      </label>
      <p className="muted">{t('settings.mapTilesNote')}</p>
      <label className="field">
        {t('settings.mapTileUrl')}{' '}
        <input
          type="url"
          dir="ltr"
          value={url}
          size={48}
          onChange={(event) => {
            setUrl(event.target.value);
          }}
          onBlur={() => {
            if (url.trim() !== settings.mapTileUrl) save({ mapTileUrl: url.trim() });
          }}
        />
      </label>
      <ActionError error={error} />
    </section>
  );
}
