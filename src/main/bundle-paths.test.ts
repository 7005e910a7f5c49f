import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePaths, unpackedPath } from './bundle-paths';

describe('paths native code opens in a packaged app', () => {
  it('point into app.asar.unpacked, with either separator; other paths stay', () => {
    expect(unpackedPath('/opt/Fotoglot/resources/app.asar/models/faces/face.onnx')).toBe(
      '/opt/Fotoglot/resources/app.asar.unpacked/models/faces/face.onnx',
    );
    expect(unpackedPath('C:\\Fotoglot\\resources\\app.asar\\models\\places\\places.sqlite')).toBe(
      'C:\\Fotoglot\\resources\\app.asar.unpacked\\models\\places\\places.sqlite',
    );
    const already = '/opt/Fotoglot/resources/app.asar.unpacked/models/self-test/cat.jpg';
    expect(unpackedPath(already)).toBe(already);
    expect(unpackedPath('/home/me/fotoglot/models/faces')).toBe('/home/me/fotoglot/models/faces');
  });

  it('the shipped models and self-test photos of a packaged build are the unpacked copies', () => {
    const saved = process.env.FOTOGLOT_BUNDLED_MODELS;
    delete process.env.FOTOGLOT_BUNDLED_MODELS;
    try {
      const paths = bundlePaths(path.join('/opt/Fotoglot/resources/app.asar', 'dist', 'node'));
      expect(paths.bundledModelsDir).toBe(
        path.join('/opt/Fotoglot/resources/app.asar.unpacked', 'models'),
      );
      expect(paths.selfTestPhotosDir).toBe(
        path.join('/opt/Fotoglot/resources/app.asar.unpacked', 'models', 'self-test'),
      );
      // The worker script stays in the archive: Electron starts it through its own fs.
      expect(paths.workerScript).toContain(`app.asar${path.sep}dist`);
    } finally {
      if (saved !== undefined) process.env.FOTOGLOT_BUNDLED_MODELS = saved;
    }
  });
});
