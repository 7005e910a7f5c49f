/** @file Developer mode (test-tiny listed among the models): `?dev=1` once, remembered. */
export function developerMode(): boolean {
  if (new URLSearchParams(window.location.search).get('dev') === '1')
    localStorage.setItem('fotoglot.developer', '1');
  return localStorage.getItem('fotoglot.developer') === '1';
}
