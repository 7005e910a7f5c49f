/**
 * @file Writes a date the user set ([Note: User dates]) to the XMP sidecars of a photo's files,
 * when XMP writing is on: `exif:DateTimeOriginal` (what Lightroom and digiKam read as the capture
 * time from a sidecar) and `photoshop:DateCreated`. Like tags ([Note: XMP sidecars]): an existing
 * sidecar is merged into through exiftool, a new one is written to a temporary file and renamed
 * into place; the original is never touched.
 */
import type Database from 'better-sqlite3';
import type { ExifTool, WriteTags } from 'exiftool-vendored';
import { writeEachFile, writeSidecars } from './sidecar-write';

function packet(local: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Fotoglot">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
   <exif:DateTimeOriginal>${local}</exif:DateTimeOriginal>
   <photoshop:DateCreated>${local}</photoshop:DateCreated>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;
}

/**
 * Puts `local` (`YYYY-MM-DDTHH:mm:ss`) into the photo file's sidecars, by both naming
 * conventions where they differ (see [Note: XMP sidecars]); returns the sidecars' paths.
 */
export async function writeSidecarDate(
  photoPath: string,
  local: string,
  exiftool: ExifTool,
): Promise<string[]> {
  const exifStyle = local.replace(/^(\d{4})-(\d{2})-(\d{2})T/, '$1:$2:$3 ');
  return writeSidecars(photoPath, {
    merge: async (sidecar) => {
      // -overwrite_original: exiftool would otherwise leave `<sidecar>_original` beside the photo.
      await exiftool.write(
        sidecar,
        {
          'XMP-exif:DateTimeOriginal': exifStyle,
          'XMP-photoshop:DateCreated': exifStyle,
        } as WriteTags,
        { writeArgs: ['-overwrite_original'] },
      );
    },
    packet: () => packet(local),
  });
}

/** Writes the date to every present file's sidecar; a file that fails becomes a problem. */
export async function writeDateSidecars(
  db: Database.Database,
  photoIds: readonly number[],
  local: string,
  exiftool: ExifTool,
): Promise<number> {
  return writeEachFile(db, photoIds, 'The date', async (_photoId, file) => {
    await writeSidecarDate(file, local, exiftool);
    return true;
  });
}
