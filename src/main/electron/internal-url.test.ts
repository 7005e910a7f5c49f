import { describe, expect, it } from 'vitest';
import { isAllowedExternalLink, isInternalUrl } from './internal-url';

describe('isInternalUrl', () => {
  it('accepts our own pages', () => {
    expect(isInternalUrl('app://fotoglot/index.html')).toBe(true);
    expect(isInternalUrl('app://fotoglot/')).toBe(true);
    expect(isInternalUrl('app://fotoglot/index.html#/tags?x=1')).toBe(true);
    // The UI's routes (see [Note: Route in the hash]), as the renderer writes them.
    expect(
      isInternalUrl(
        'app://fotoglot/index.html#/search?q=Hund+am+Strand&chip=date%3A2021-01-01..2022-01-01&photo=5',
      ),
    ).toBe(true);
  });

  it('refuses everything else, including look-alikes', () => {
    for (const url of [
      'https://fotoglot/index.html',
      'http://app://fotoglot',
      'app://fotoglot.evil.com/index.html',
      'app://evil.com/app://fotoglot/',
      'app://fotoglot@evil.com/',
      'app://user:pw@fotoglot/',
      'app://fotoglot:8080/',
      'file:///etc/passwd',
      'javascript:alert(1)//app://fotoglot/',
      'data:text/html,<script>1</script>',
      'devtools://devtools/bundled/inspector.html',
      ' app://fotoglot/',
      'app://fotoglot/\n',
      'app://fotoglot\t/',
      'app:/fotoglot',
      'app:fotoglot',
      '',
      'app://fotoglot/' + 'a'.repeat(9000),
      null,
      undefined,
    ]) {
      expect(isInternalUrl(url), String(url).slice(0, 60)).toBe(false);
    }
  });
});

describe('isAllowedExternalLink', () => {
  it('allows only https links to OpenStreetMap', () => {
    expect(isAllowedExternalLink('https://www.openstreetmap.org/?mlat=1&mlon=2#map=15/1/2')).toBe(
      true,
    );
    for (const bad of [
      'http://www.openstreetmap.org/',
      'https://www.openstreetmap.org.evil.com/',
      'https://evil.com/?www.openstreetmap.org',
      'https://user@www.openstreetmap.org/',
      'https://www.openstreetmap.org:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://www.openstreetmap.org/\n',
      ' https://www.openstreetmap.org/',
      null,
      undefined,
    ])
      expect(isAllowedExternalLink(bad), String(bad)).toBe(false);
  });
});
