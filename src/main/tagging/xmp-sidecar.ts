/**
 * @file Writes accepted tags to XMP sidecars (`dc:subject`, `lr:hierarchicalSubject`), the
 * files Lightroom, digiKam and darktable read.
 *
 * [Note: XMP sidecars]
 * An existing sidecar (`IMG_1.jpg.xmp` or Lightroom's `IMG_1.xmp`) is merged into: its
 * keywords and everything else in it stay, ours are added, through exiftool, which writes a
 * temporary file and renames it over the old one. Without one, `IMG_1.jpg.xmp` is created
 * (the photo's full name: `IMG_1.jpg` and `IMG_1.cr2` side by side keep separate sidecars),
 * also written to a temporary file first and renamed into place. Keywords are only ever
 * added: removing a tag in Fotoglot does not edit what other programs may rely on.
 */
import { access, rename, rm, writeFile } from 'node:fs/promises';
import type { ExifTool } from 'exiftool-vendored';
import { sidecarCandidates } from '../library/read-metadata';

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

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(String);

/** Adds `keywords` to the photo's sidecar (see [Note: XMP sidecars]); returns its path. */
export async function writeSidecarKeywords(
  photoPath: string,
  keywords: readonly SidecarKeyword[],
  exiftool: ExifTool,
): Promise<string> {
  let existing: string | undefined;
  for (const candidate of sidecarCandidates(photoPath)) {
    if (await exists(candidate)) {
      existing = candidate;
      break;
    }
  }
  if (!existing) {
    const target = `${photoPath}.xmp`;
    const temp = `${target}.fotoglot-tmp`;
    try {
      await writeFile(temp, packet(keywords));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return target;
  }
  const tags = await exiftool.read<Record<string, unknown>>(existing);
  const subject = list(tags.Subject);
  const hierarchy = list(tags.HierarchicalSubject);
  const newSubject = keywords.map((k) => k.name).filter((k) => !subject.includes(k));
  const newHierarchy = keywords.map((k) => k.hierarchy).filter((k) => !hierarchy.includes(k));
  if (newSubject.length === 0 && newHierarchy.length === 0) return existing;
  await exiftool.write(existing, {
    Subject: [...subject, ...newSubject],
    HierarchicalSubject: [...hierarchy, ...newHierarchy],
  });
  return existing;
}
