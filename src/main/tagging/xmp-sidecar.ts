/**
 * @file Writes accepted tags to XMP sidecars (`dc:subject`, `lr:hierarchicalSubject`), the
 * files Lightroom, digiKam and darktable read: both naming conventions, merged into what other
 * programs wrote (see [Note: XMP sidecars]).
 */
import type { ExifTool } from 'exiftool-vendored';
import { writeSidecars } from '../library/sidecar-write';

export interface SidecarKeyword {
  /** Flat keyword (dc:subject). */
  name: string;
  /** Lightroom hierarchy, `Parent|Child` (lr:hierarchicalSubject). */
  hierarchy: string;
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

const bag = (values: readonly string[]) =>
  `<rdf:Bag>${values.map((v) => `<rdf:li>${escapeXml(v)}</rdf:li>`).join('')}</rdf:Bag>`;

function packet(keywords: readonly SidecarKeyword[]): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Fotoglot">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/">
   <dc:subject>${bag(keywords.map((k) => k.name))}</dc:subject>
   <lr:hierarchicalSubject>${bag(keywords.map((k) => k.hierarchy))}</lr:hierarchicalSubject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(String);

/** Adds keywords to an existing sidecar, keeping everything in it. */
async function mergeInto(
  sidecar: string,
  keywords: readonly SidecarKeyword[],
  exiftool: ExifTool,
): Promise<void> {
  const tags = await exiftool.read<Record<string, unknown>>(sidecar);
  const subject = list(tags.Subject);
  const hierarchy = list(tags.HierarchicalSubject);
  const newSubject = keywords.map((k) => k.name).filter((k) => !subject.includes(k));
  const newHierarchy = keywords.map((k) => k.hierarchy).filter((k) => !hierarchy.includes(k));
  if (newSubject.length === 0 && newHierarchy.length === 0) return;
  // -overwrite_original: exiftool would otherwise leave `<sidecar>_original` beside the photo.
  await exiftool.write(
    sidecar,
    { Subject: [...subject, ...newSubject], HierarchicalSubject: [...hierarchy, ...newHierarchy] },
    { writeArgs: ['-overwrite_original'] },
  );
}

/**
 * Adds `keywords` to every sidecar the photo uses: `IMG_1.jpg.xmp`, and `IMG_1.xmp` when the file
 * owns that name (see [Note: XMP sidecars]). Returns the sidecars' paths.
 */
export async function writeSidecarKeywords(
  photoPath: string,
  keywords: readonly SidecarKeyword[],
  exiftool: ExifTool,
): Promise<string[]> {
  return writeSidecars(photoPath, {
    merge: (sidecar) => mergeInto(sidecar, keywords, exiftool),
    packet: () => packet(keywords),
  });
}
