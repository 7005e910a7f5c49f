/**
 * @file Writes a photo's named faces to its XMP sidecars as MWG Regions, opt-in ("Write named
 * faces to XMP sidecar files"), so Lightroom, digiKam and the rest see the names given in
 * Fotoglot. Through the shared sidecar writer ([Note: XMP sidecars]): never the original, both
 * naming conventions, an existing sidecar merged into through exiftool, a new one created
 * atomically.
 *
 * What is written: the faces pinned to a named person (by the user, or by a file's region:
 * [Note: Face regions from other apps]); a face only clustering put there is Fotoglot's guess,
 * and other apps take a region as a fact, so it is not written. Coordinates as MWG has them
 * ([Note: Face region coordinates]): centre and size as fractions of the image as stored,
 * before the EXIF orientation, AppliedToDimensions the stored size in pixels.
 * Merging: the sidecar's regions stay (other types, unnamed faces, other persons) except the
 * faces Fotoglot writes: a region overlapping one of them, or with the name of one of them (a
 * person is in a photo once), gives way to Fotoglot's. Microsoft's regions are left as they are.
 */
import type Database from 'better-sqlite3';
import type { ExifTool, WriteTags } from 'exiftool-vendored';
import { all, get, sql } from '../db/sql';
import { unorientBox } from '../library/face-regions';
import { writeEachFile, writeSidecars } from '../library/sidecar-write';
import { regionFit, type Box } from './face-ref';
import { foldName } from './region-names';

/** A region as MWG writes it: centre x, y and size, fractions of the stored image. */
interface MwgArea {
  X: number;
  Y: number;
  W: number;
  H: number;
}
interface Named {
  name: string;
  area: MwgArea;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** The named, pinned faces of a photo in MWG terms, and the stored size; null: none. */
export function namedRegions(
  db: Database.Database,
  photoId: number,
): { regions: Named[]; stored: { w: number; h: number } | null } | null {
  const photo = get<{ orientation: number | null; width: number | null; height: number | null }>(
    db,
    sql`SELECT orientation, width, height FROM photos WHERE id = ${photoId}`,
  );
  if (!photo) return null;
  const faces = all<{ name: string; x: number; y: number; w: number; h: number }>(
    db,
    sql`SELECT p.name, f.x, f.y, f.w, f.h FROM faces f JOIN persons p ON p.id = f.person_id
         WHERE f.photo_id = ${photoId} AND f.assigned_by = 'user' AND p.name IS NOT NULL
         ORDER BY f.x, f.y`,
  );
  if (faces.length === 0) return null;
  const turned = photo.orientation !== null && photo.orientation >= 5;
  const stored =
    photo.width && photo.height
      ? turned
        ? { w: photo.height, h: photo.width }
        : { w: photo.width, h: photo.height }
      : null;
  const regions = faces.map((f) => {
    const [x, y, w, h] = unorientBox([f.x, f.y, f.w, f.h], photo.orientation);
    return {
      name: f.name,
      area: { X: round(x + w / 2), Y: round(y + h / 2), W: round(w), H: round(h) },
    };
  });
  return { regions, stored };
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** A new sidecar holding the regions. */
function packet(regions: readonly Named[], stored: { w: number; h: number } | null): string {
  const dims = stored
    ? `<mwg-rs:AppliedToDimensions stDim:w="${String(stored.w)}" stDim:h="${String(stored.h)}" stDim:unit="pixel"/>`
    : '';
  const items = regions
    .map(
      (r) => `
      <rdf:li rdf:parseType="Resource">
       <mwg-rs:Name>${escapeXml(r.name)}</mwg-rs:Name>
       <mwg-rs:Type>Face</mwg-rs:Type>
       <mwg-rs:Area stArea:x="${String(r.area.X)}" stArea:y="${String(r.area.Y)}" stArea:w="${String(r.area.W)}" stArea:h="${String(r.area.H)}" stArea:unit="normalized"/>
      </rdf:li>`,
    )
    .join('');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Fotoglot">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#">
   <mwg-rs:Regions rdf:parseType="Resource">
    ${dims}
    <mwg-rs:RegionList>
     <rdf:Bag>${items}
     </rdf:Bag>
    </mwg-rs:RegionList>
   </mwg-rs:Regions>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;
}

const boxOfArea = (a: MwgArea): Box => [a.X - a.W / 2, a.Y - a.H / 2, a.W, a.H];

type ExistingRegion = { Name?: unknown; Type?: unknown; Area?: Partial<MwgArea> } & Record<
  string,
  unknown
>;

/** Merges the regions into an existing sidecar, keeping what is not Fotoglot's to replace. */
async function mergeInto(
  sidecar: string,
  regions: readonly Named[],
  stored: { w: number; h: number } | null,
  exiftool: ExifTool,
): Promise<void> {
  const tags = await exiftool.read<Record<string, unknown>>(sidecar);
  const info = tags.RegionInfo as
    { RegionList?: ExistingRegion[]; AppliedToDimensions?: unknown } | undefined;
  const names = new Set(regions.map((r) => foldName(r.name)));
  const kept = (info?.RegionList ?? []).filter((r) => {
    if (r.Type !== undefined && r.Type !== 'Face') return true;
    if (typeof r.Name === 'string' && names.has(foldName(r.Name))) return false;
    const a = r.Area;
    if (a?.X === undefined || a.Y === undefined || a.W === undefined || a.H === undefined)
      return true;
    const box = boxOfArea(a as MwgArea);
    return !regions.some((o) => regionFit(boxOfArea(o.area), box) > 0);
  });
  const mine = regions.map((r) => ({
    Area: { ...r.area, Unit: 'normalized' },
    Name: r.name,
    Type: 'Face',
  }));
  await exiftool.write(
    sidecar,
    {
      RegionInfo: {
        AppliedToDimensions: stored
          ? { W: stored.w, H: stored.h, Unit: 'pixel' }
          : info?.AppliedToDimensions,
        RegionList: [...kept, ...mine],
      },
    } as WriteTags,
    { writeArgs: ['-overwrite_original'] },
  );
}

/**
 * Writes the named faces of these photos to the sidecars of their present files; a file that
 * cannot be written becomes a problem and the rest go on. Returns how many files were written.
 */
export function writeRegionSidecars(
  db: Database.Database,
  photoIds: readonly number[],
  exiftool: ExifTool,
): Promise<number> {
  return writeEachFile(db, photoIds, 'Named faces', async (photoId, file) => {
    const named = namedRegions(db, photoId);
    if (!named) return false;
    await writeSidecars(file, {
      merge: (sidecar) => mergeInto(sidecar, named.regions, named.stored, exiftool),
      packet: () => packet(named.regions, named.stored),
    });
    return true;
  });
}

/**
 * The writes of named faces, one after another (two decisions in a row must not write one
 * sidecar at once): after each user decision when writing is on, or all at once on request.
 */
export class RegionSidecarWriter {
  #chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database.Database,
    private readonly exiftool: () => ExifTool,
  ) {}

  /** Writes these photos' named faces after the writes under way. */
  queue(photoIds: readonly number[]): Promise<number> {
    const written = this.#chain.then(() => writeRegionSidecars(this.db, photoIds, this.exiftool()));
    // A file that fails is a problem on it (writeEachFile); the chain goes on after anything.
    this.#chain = written.catch((error: unknown) => {
      console.error('[people] writing named faces to sidecars failed:', error);
    });
    return written;
  }

  /** Writes every photo that has a confirmed named face. */
  queueAll(): Promise<number> {
    const photoIds = this.db
      .prepare<[], number>(
        `SELECT DISTINCT f.photo_id FROM faces f JOIN persons p ON p.id = f.person_id
          WHERE f.assigned_by = 'user' AND p.name IS NOT NULL ORDER BY f.photo_id`,
      )
      .pluck()
      .all();
    return this.queue(photoIds);
  }

  /** Resolves when every write asked for so far is done. */
  async settled(): Promise<void> {
    await this.#chain;
  }
}
