/**
 * @file The library's tables as rows, declared once: each column as SQLite returns it (INTEGER
 * as number, BLOB as Buffer, 0/1 flags as numbers, JSON as text). Queries name these with
 * `all`/`get` from sql.ts ([Note: SQL fragments]) instead of casting at each call site; a
 * query that selects a few columns picks them (`Pick<Row<'photos'>, 'id' | 'fingerprint'>`),
 * one that aliases columns to camelCase declares that shape beside the query.
 *
 * Keep in step with the migrations (src/main/db/migrations/): a column added there is added
 * here.
 */
import type { PhotoFormat } from '../library/image-format';
import type { ProblemCode } from '../library/ingest-problem';

/** SQLite has no boolean: a flag column holds 0 or 1. */
export type Flag = 0 | 1;

/** Every table the migrations create, by name. */
export interface Tables {
  /** Key/value settings; `value` is JSON (settings.ts reads it through a schema). */
  settings: {
    key: string;
    value: string;
  };
  /** Folders the user added. */
  folders: {
    id: number;
    path: string;
    watch: Flag;
    added_at: string;
    scan_generation: number;
    last_scan_at: string | null;
    /** Set when the user removed the folder (see [Note: Removed folders]). */
    removed_at: string | null;
  };
  /** Photos, one per content ([Note: Photo identity]); metadata is null until ingested. */
  photos: {
    id: number;
    fingerprint: string;
    size: number;
    format: PhotoFormat;
    state: 'pending' | 'ready' | 'failed';
    width: number | null;
    height: number | null;
    orientation: number | null;
    /** Local wall-clock time ([Note: Capture time]). */
    captured_at: string | null;
    /** Milliseconds since the epoch. */
    captured_at_utc: number | null;
    tz_offset_minutes: number | null;
    captured_at_source: string | null;
    camera_make: string | null;
    camera_model: string | null;
    lens: string | null;
    exposure_time: number | null;
    f_number: number | null;
    iso: number | null;
    focal_length: number | null;
    gps_lat: number | null;
    gps_lon: number | null;
    gps_source: string | null;
    /** JSON array of strings. */
    keywords: string;
    /** Thumbhash, base64. */
    placeholder: string | null;
    updated_at: string;
    /** Perceptual hash (hex), for near-duplicates. */
    dhash: string | null;
    /** DCT perceptual hash (hex) of the grid image, for near-duplicates (schema 6). */
    phash: string | null;
    /** An implausible EXIF date, set aside ([Note: Implausible capture dates]). */
    ignored_date: string | null;
    /** The date the user set ([Note: User dates]); wins over EXIF. */
    user_captured_at: string | null;
    /** Its files on disk (missing = 0), kept by triggers ([Note: Listing counts], schema 17). */
    present_files: number;
  };
  /** Files on disk and the photo each holds ([Note: A photo's file]). */
  files: {
    id: number;
    path: string;
    folder_id: number;
    photo_id: number | null;
    size: number;
    mtime_ms: number;
    /**
     * 0: present; 1: gone from disk, kept so the photo's tags survive until it comes back;
     * 2: set aside with its removed folder (see [Note: Removed folders]).
     */
    missing: 0 | 1 | 2;
    scan_generation: number;
  };
  /** "Not duplicates" answers (schema 6): a pair of photos, or one photo's set of files. */
  duplicate_dismissals: {
    photo_a: number;
    photo_b: number;
    /** '' for a pair; the sorted paths as JSON for a photo's files. */
    files: string;
    dismissed_at: string;
  };
  /** Extra copies of a file the headless host marked for deletion (schema 6). */
  marked_files: {
    path: string;
    marked_at: string;
  };
  /** Files the library found but cannot use. */
  problems: {
    path: string;
    folder_id: number;
    code: ProblemCode;
    reason: string;
    detected_at: string;
  };
  /** Persistent stage jobs (src/main/jobs/job-queue.ts owns their SQL). */
  jobs: {
    id: number;
    kind: string;
    photo_id: number;
    state: 'pending' | 'done' | 'failed';
    attempts: number;
  };
  /** Tags of photos: the user's, the files' own, and auto-tags with their life cycle. */
  photo_tags: {
    photo_id: number;
    name: string;
    source: 'user' | 'embedded' | 'auto';
    state: 'accepted' | 'suggested' | 'rejected';
    /** Auto-tags: calibrated confidence 0..1. */
    score: number | null;
    /** Auto-tags: the model that suggested it. */
    model: string | null;
    updated_at: string | null;
  };
  /** Cached text vectors of tags, per model and language. */
  tag_vectors: {
    model_id: string;
    lang: string;
    tag: string;
    prompts: string;
    vector: Buffer;
  };
  /** Models the library has embedded with, and the vector table of each. */
  embedding_models: {
    id: string;
    dimension: number;
    vec_table: string;
    added_at: string;
  };
  /** Face models with vectors, and the vector table of each ([Note: Persons]). */
  face_models: {
    id: string;
    dimension: number;
    vec_table: string;
    added_at: string;
  };
  /** Persons: groups of faces, named or not ([Note: Persons]). */
  persons: {
    id: number;
    key: string;
    name: string | null;
    hidden: Flag;
    cover_fingerprint: string | null;
    /** JSON [x, y, w, h] */
    cover_box: string | null;
    created_at: string;
  };
  /** Faces found in photos; box and keypoints as fractions of the photo. */
  faces: {
    id: number;
    photo_id: number;
    model_id: string;
    x: number;
    y: number;
    w: number;
    h: number;
    /** JSON array of x, y pairs */
    keypoints: string;
    score: number;
    quality: number;
    recognisable: Flag;
    person_id: number | null;
    assigned_by: 'cluster' | 'user' | null;
    component: number | null;
  };
  /** The user's decisions on faces, by photo fingerprint and box ([Note: Persons]). */
  face_decisions: {
    id: number;
    fingerprint: string;
    /** JSON [x, y, w, h] */
    box: string;
    person_id: number;
    kind: 'is' | 'not';
    /** 'file': made by a named region ([Note: Face regions from other apps]). */
    source: 'user' | 'file';
  };
  /** Named face regions read from photos' XMP; box as fractions of the photo as displayed. */
  face_regions: {
    id: number;
    photo_id: number;
    name: string;
    x: number;
    y: number;
    w: number;
    h: number;
    source: 'mwg' | 'mp';
    state: 'pending' | 'matched' | 'no-face';
    face_id: number | null;
  };
  /** Region name (folded) → the person it goes to. */
  region_names: {
    name_key: string;
    person_id: number;
  };
}

/** A row of `table` as SQLite returns it. */
export type Row<Table extends keyof Tables> = Tables[Table];

/** A row of a model's vector table (vec0, named by `embedding_models.vec_table`). */
export interface VectorRow {
  photo_id: number;
  /** float32 values, little-endian. */
  embedding: Buffer;
}

/** A row of a model's sign-bit table ([Note: Two-pass vector search]). */
export interface VectorBitsRow {
  photo_id: number;
  bits: Buffer;
}
