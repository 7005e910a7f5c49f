import { describe, expect, it } from 'vitest';
import { cameraName } from './camera-name';

describe('cameraName', () => {
  it.each([
    // Make and Model as the photo zoo's cameras write them (../shared/data/photos/exif-samples).
    ['Canon', 'Canon EOS 40D', 'Canon EOS 40D'],
    ['NIKON CORPORATION', 'NIKON D70', 'Nikon D70'],
    ['NIKON', 'E950', 'Nikon E950'],
    ['EASTMAN KODAK COMPANY', 'KODAK DC240 ZOOM DIGITAL CAMERA', 'Kodak DC240 ZOOM DIGITAL CAMERA'],
    ['OLYMPUS IMAGING CORP.', 'E-P3', 'Olympus E-P3'],
    ['OLYMPUS OPTICAL CO.,LTD', 'C2000Z', 'Olympus C2000Z'],
    ['SANYO Electric Co.,Ltd.', 'SR6', 'Sanyo SR6'],
    ['CASIO COMPUTER CO.,LTD.', 'EX-M2', 'Casio EX-M2'],
    ['PENTAX Corporation', 'PENTAX K10D', 'Pentax K10D'],
    ['FUJIFILM', 'FinePix E500', 'Fujifilm FinePix E500'],
    ['samsung', 'SM-G930F', 'Samsung SM-G930F'],
    ['HMD Global', 'Nokia 8.3 5G', 'HMD Nokia 8.3 5G'],
    ['GoPro', 'HERO6 Black', 'GoPro HERO6 Black'],
    ['Apple', 'iPhone 13 Pro Max', 'Apple iPhone 13 Pro Max'],
    ['Jolla', 'Jolla', 'Jolla'],
    ['Google', 'Pixel 7', 'Google Pixel 7'],
  ])('%s + %s → %s', (make, model, name) => {
    expect(cameraName(make, model)).toBe(name);
  });

  it('copes with missing halves, padding and NUL bytes', () => {
    expect(cameraName(null, null)).toBeNull();
    expect(cameraName('  ', '')).toBeNull();
    expect(cameraName(null, 'DSC-D700')).toBe('DSC-D700');
    expect(cameraName('SONY', null)).toBe('Sony');
    expect(cameraName('WWL', 'ION230\0F ')).toBe('WWL ION230F');
    expect(cameraName('Canon  ', ' Canon  PowerShot S40')).toBe('Canon PowerShot S40');
  });
});
