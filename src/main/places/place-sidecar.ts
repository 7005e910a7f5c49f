/**
 * @file Writes the places the user sets to the XMP sidecars of the photos' files, opt-in.
 *
 * [Note: Place sidecars]
 * With "Write places I set to XMP sidecar files" on (off by default, like tags and faces), a
 * place set in Fotoglot goes to each file's sidecars as `exif:GPSLatitude`/`GPSLongitude` (XMP's
 * "DDD,MM.mmmmk" form, written by exiftool), where Lightroom, digiKam, darktable and Immich read
 * it. Through the shared sidecar writer ([Note: XMP sidecars]): never the original, both naming
 * conventions, an existing sidecar merged into (its other content kept), a new one created
 * atomically; a file that cannot be written becomes a problem and the rest go on. Fotoglot reads
 * the sidecar's position back as the photo's own ([Note: GPS in sidecars]), so the place stays
 * when the library is rebuilt from the photos alone. Taking a place away does not edit the
 * sidecars: like a removed tag, what other programs may rely on is left as it is.
 */
import type Database from 'better-sqlite3';
import type { ExifTool, WriteTags } from 'exiftool-vendored';
import { writeEachFile, writeSidecars } from '../library/sidecar-write';

/** XMP's GPS coordinate form: degrees, decimal minutes, and the hemisphere letter. */
export function xmpGps(value: number, positive: 'N' | 'E', negative: 'S' | 'W'): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = (abs - degrees) * 60;
  return `${String(degrees)},${minutes.toFixed(6)}${value < 0 ? negative : positive}`;
}

function packet(lat: string, lon: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Fotoglot">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:exif="http://ns.adobe.com/exif/1.0/">
   <exif:GPSVersionID>2.3.0.0</exif:GPSVersionID>
   <exif:GPSLatitude>${lat}</exif:GPSLatitude>
   <exif:GPSLongitude>${lon}</exif:GPSLongitude>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;
}

/** Puts the position into the sidecars of one photo file; returns the sidecars' paths. */
export async function writeSidecarPlace(
  photoPath: string,
  position: { lat: number; lon: number },
  exiftool: ExifTool,
): Promise<string[]> {
  const lat = xmpGps(position.lat, 'N', 'S');
  const lon = xmpGps(position.lon, 'E', 'W');
  return writeSidecars(photoPath, {
    merge: async (sidecar) => {
      // -overwrite_original: exiftool would otherwise leave `<sidecar>_original` beside the photo.
      await exiftool.write(
        sidecar,
        // Signed degrees: exiftool writes XMP's form with the hemisphere letter from the sign.
        {
          'XMP-exif:GPSLatitude': position.lat,
          'XMP-exif:GPSLongitude': position.lon,
        } as WriteTags,
        { writeArgs: ['-overwrite_original'] },
      );
    },
    packet: () => packet(lat, lon),
  });
}

/** Writes the position to every present file's sidecars of these photos; returns the files written. */
export function writePlaceSidecars(
  db: Database.Database,
  photoIds: readonly number[],
  position: { lat: number; lon: number },
  exiftool: ExifTool,
): Promise<number> {
  return writeEachFile(db, photoIds, 'The place', async (_photoId, file) => {
    await writeSidecarPlace(file, position, exiftool);
    return true;
  });
}
