/** @file The app version, injected from package.json at build time. */
export const appVersion: string = __FOTOGLOT_VERSION__;
