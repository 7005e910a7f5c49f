import { describe, expect, it } from 'vitest';
import { isInternalUrl } from './internal-url';

describe('isInternalUrl', () => {
  it('accepts our own pages', () => {
    expect(isInternalUrl('app://fotoglot/index.html')).toBe(true);
    expect(isInternalUrl('app://fotoglot/')).toBe(true);
    expect(isInternalUrl('app://fotoglot/index.html#/tags?x=1')).toBe(true);
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
