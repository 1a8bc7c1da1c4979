// The one API contract: every method's input/output and every event, as zod schemas.
// Hosts (Electron IPC, HTTP server, CLI --json) and the renderer derive their types from here.
// Imports nothing but zod (layering rule, checked by test/unit/layering.test.ts).
import { z } from 'zod';
import { searchMethods } from './search.schemas.js';

export const RootSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  addedAt: z.number(),
  lastScanAt: z.number().nullable(),
  lastError: z.string().nullable(),
  usePolling: z.boolean(),
  photoCount: z.number().int(),
});
export type Root = z.infer<typeof RootSchema>;

export const PhotoStatusSchema = z.enum(['pending', 'indexed', 'failed', 'unsupported', 'missing']);
export type PhotoStatus = z.infer<typeof PhotoStatusSchema>;

export const PhotoSchema = z.object({
  id: z.number().int(),
  rootId: z.number().int().nullable(),
  path: z.string(),
  fileName: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  contentHash: z.string().nullable(),
  status: PhotoStatusSchema,
  error: z.string().nullable(),
  warning: z.string().nullable(),
  format: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  phash: z.string().nullable(),
  takenAt: z.string().nullable(),
  tzOffsetMin: z.number().int().nullable(),
  /** 'user': the user set the date in the catalog (it wins over EXIF); ownTakenAt is the photo's own */
  dateSource: z.enum(['exif', 'file', 'user']).nullable(),
  ownTakenAt: z.string().nullable(),
  /** clockwise turn for display only (0, 90, 180, 270), stored in the catalog; the file is never written */
  rotation: z.number().int(),
  cameraMake: z.string().nullable(),
  cameraModel: z.string().nullable(),
  lens: z.string().nullable(),
  gpsLat: z.number().nullable(),
  gpsLon: z.number().nullable(),
  gpsAlt: z.number().nullable(),
  /** why a GPS position in the file was not used (impossible values, 0,0) */
  gpsProblem: z.string().nullable(),
  previewSource: z.enum(['image', 'embedded']).nullable(),
  indexedAt: z.number().nullable(),
  hasThumbnail: z.boolean(),
  /** in the user's favourites (the grid shows a heart) */
  favourite: z.boolean(),
});
export type Photo = z.infer<typeof PhotoSchema>;

export const StatusSchema = z.object({
  dataDir: z.string(),
  roots: z.number().int(),
  photos: z.object({
    total: z.number().int(),
    indexed: z.number().int(),
    pending: z.number().int(),
    failed: z.number().int(),
    unsupported: z.number().int(),
    missing: z.number().int(),
  }),
  queue: z.object({ queued: z.number().int(), running: z.number().int() }),
  /** pass 2's queue: photos in the grid whose people, things and categories are still to be found */
  understandQueue: z.object({ queued: z.number().int(), running: z.number().int() }).optional(),
  lastScanAt: z.number().nullable(),
  /** What is keeping a feature from working (a missing model, ...), in words for the user. */
  problems: z.array(z.string()),
  /** Set while indexing waits for another Smart Album working on this library (web mode). */
  indexerWaiting: z.string().optional(),
});
export type Status = z.infer<typeof StatusSchema>;

export const ScanSummarySchema = z.object({
  roots: z.number().int(),
  filesSeen: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  missing: z.number().int(),
  excluded: z.number().int(),
  queued: z.number().int(),
  problems: z.array(z.object({ path: z.string(), reason: z.string() })),
  durationMs: z.number(),
});
export type ScanSummary = z.infer<typeof ScanSummarySchema>;

export const IndexSummarySchema = z.object({
  processed: z.number().int(),
  indexed: z.number().int(),
  relinked: z.number().int(),
  failed: z.number().int(),
  unsupported: z.number().int(),
  missing: z.number().int(),
  durationMs: z.number(),
  photosPerSecond: z.number(),
  failures: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** pass 2 ("understand it": viewer image, faces, objects, categories) jobs done in this run */
  understood: z.number().int().optional(),
  /** from the start of the run until pass 1 had every photo in the grid (null: it never ran out) */
  browsableMs: z.number().nullable().optional(),
});
export type IndexSummary = z.infer<typeof IndexSummarySchema>;

export const CategoryCountSchema = z.object({
  category: z.string(),
  photos: z.number().int(),
  byUser: z.number().int(),
  /** a photo that stands for the category (one whose main category it is, the surest first) */
  coverPhotoId: z.number().int().nullable(),
});
export type CategoryCount = z.infer<typeof CategoryCountSchema>;

export const ClassificationSchema = z.object({
  labels: z.array(z.object({ label: z.number().int(), name: z.string(), confidence: z.number(), model: z.string() })),
  categories: z.array(z.object({ category: z.string(), confidence: z.number(), primary: z.boolean(), assignedBy: z.enum(['machine', 'user']) })),
});
export type Classification = z.infer<typeof ClassificationSchema>;

export const FaceSchema = z.object({
  id: z.number().int(),
  photoId: z.number().int(),
  /** box as fractions of the displayed photo */
  box: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  score: z.number(),
  sharpness: z.number(),
  sizePx: z.number(),
  qualityOk: z.boolean(),
  personId: z.number().int().nullable(),
  assignedBy: z.enum(['machine', 'user']).nullable(),
  matchConfidence: z.number().nullable(),
  notAFace: z.boolean(),
  /** changes when the face's picture does (detected again, photo turned): part of its address, see api.face */
  cropRev: z.number().int(),
});
export type Face = z.infer<typeof FaceSchema>;

/** An object found by the detector (COCO classes: person, dog, car, pizza...). */
export const DetectedObjectSchema = z.object({
  label: z.string(),
  score: z.number(),
  /** box as fractions of the displayed photo */
  box: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  /** the same box in pixels of the displayed (EXIF-oriented) original, when its size is known */
  boxPx: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
  model: z.string(),
});
export type DetectedObject = z.infer<typeof DetectedObjectSchema>;

export const PersonSchema = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  hidden: z.boolean(),
  createdBy: z.enum(['machine', 'user']),
  faces: z.number().int(),
  photos: z.number().int(),
});
export type Person = z.infer<typeof PersonSchema>;

const Empty = z.object({}).strict();

const Ids = z.array(z.number().int()).min(1).max(10_000);
const Page = { limit: z.number().int().min(1).max(10_000).default(100), offset: z.number().int().min(0).default(0) };
export const PhotoPageSchema = z.object({ total: z.number().int(), items: z.array(PhotoSchema) });

export const PlaceSchema = z.object({
  state: z.enum(['located', 'no-gps', 'invalid-gps', 'unknown']),
  countryCode: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** why there is no place (impossible GPS values, 0,0, open sea) */
  reason: z.string().nullable(),
  source: z.enum(['gps', 'user']),
});
export type PlaceInfo = z.infer<typeof PlaceSchema>;

export const PlaceTreeSchema = z.object({
  countries: z.array(
    z.object({
      country: z.string(),
      countryCode: z.string().nullable(),
      count: z.number().int(),
      /** the newest photo of the country's biggest place */
      coverPhotoId: z.number().int(),
      regions: z.array(
        z.object({
          region: z.string().nullable(),
          count: z.number().int(),
          /** coverPhotoId: the place's newest photo */
          cities: z.array(z.object({ city: z.string().nullable(), count: z.number().int(), coverPhotoId: z.number().int() })),
        }),
      ),
    }),
  ),
  noGps: z.number().int(),
  invalidGps: z.number().int(),
  unknown: z.number().int(),
});
export type PlaceTreeInfo = z.infer<typeof PlaceTreeSchema>;

export const AlbumSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  count: z.number().int(),
  /** the chosen cover, else the first photo */
  coverPhotoId: z.number().int().nullable(),
  coverChosen: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Album = z.infer<typeof AlbumSchema>;

export const TimelineGroupSchema = z.object({ key: z.string(), count: z.number().int(), fromExif: z.number().int(), fromFile: z.number().int(), coverPhotoId: z.number().int() });

export const DuplicateGroupSchema = z.object({
  kind: z.enum(['exact', 'near', 'similar']),
  photos: z.array(PhotoSchema),
  best: z.number().int(),
  why: z.string(),
});

export const ModelsSchema = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      task: z.enum(['classify', 'face-detect', 'face-embed', 'detect']),
      version: z.string(),
      bytes: z.number().int(),
      origin: z.enum(['bundled', 'downloaded']),
      active: z.boolean(),
      license: z.string(),
      source: z.string(),
    }),
  ),
  problems: z.array(z.string()),
  upgrade: z.object({ id: z.string(), defaultUrl: z.string(), installed: z.boolean() }),
});
export type Models = z.infer<typeof ModelsSchema>;

export const ModelsProgressSchema = z.object({
  phase: z.enum(['download', 'check', 'build', 'verify', 'register']),
  done: z.number(),
  total: z.number().nullable(),
  message: z.string(),
});
export type ModelsProgress = z.infer<typeof ModelsProgressSchema>;
const PersonId = z.object({ id: z.number().int() });

/** The most ids one bulk call of the screens takes (a whole library selected with Ctrl-A). */
export const BULK = 500_000;

/** What a screen shows, as a query: "all of this view" is selected by it without loading every row. */
export const ViewQuerySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('library') }),
  z.object({ kind: z.literal('favourites') }),
  z.object({ kind: z.literal('trash') }),
  z.object({ kind: z.literal('album'), id: z.number().int() }),
  z.object({ kind: z.literal('category'), name: z.string() }),
  z.object({ kind: z.literal('person'), id: z.number().int() }),
  z.object({ kind: z.literal('place'), country: z.string().optional(), region: z.string().nullable().optional(), city: z.string().nullable().optional() }),
]);
export type ViewQuery = z.infer<typeof ViewQuerySchema>;

export const contract = {
  'roots.list': { input: Empty, output: z.array(RootSchema) },
  'roots.add': {
    input: z.object({ path: z.string().min(1), usePolling: z.boolean().optional() }),
    output: RootSchema,
  },
  'roots.remove': {
    input: z.object({ id: z.number().int() }),
    output: z.object({ removed: z.boolean(), photosDetached: z.number().int() }),
  },
  'library.scan': {
    input: z.object({ rootId: z.number().int().optional() }),
    output: ScanSummarySchema,
  },
  'library.index': { input: Empty, output: IndexSummarySchema },
  'library.status': { input: Empty, output: StatusSchema },
  'photos.list': {
    input: z.object({
      limit: z.number().int().min(1).max(10_000).default(100),
      offset: z.number().int().min(0).default(0),
      status: PhotoStatusSchema.optional(),
      rootId: z.number().int().optional(),
    }),
    output: z.object({ total: z.number().int(), items: z.array(PhotoSchema) }),
  },
  'photos.get': { input: z.object({ id: z.number().int() }), output: PhotoSchema },
  'categories.list': { input: Empty, output: z.object({ categories: z.array(CategoryCountSchema), known: z.array(z.string()) }) },
  'categories.photos': {
    input: z.object({ category: z.string(), limit: z.number().int().min(1).max(10_000).default(100), offset: z.number().int().min(0).default(0) }),
    output: z.object({ items: z.array(z.object({ photo: PhotoSchema, confidence: z.number(), assignedBy: z.enum(['machine', 'user']) })) }),
  },
  'photos.faces': { input: z.object({ id: z.number().int() }), output: z.array(FaceSchema) },
  /** The objects the detector found in a photo, best first. */
  'photos.objects': { input: z.object({ id: z.number().int() }), output: z.array(DetectedObjectSchema) },
  'photos.classification': { input: z.object({ id: z.number().int() }), output: ClassificationSchema },
  /** A person's correction: these categories, first one primary; machine re-classification never overrides it. */
  'photos.setCategories': {
    input: z.object({ id: z.number().int(), categories: z.array(z.string()).min(1).max(10) }),
    output: ClassificationSchema,
  },
  'people.list': { input: z.object({ includeHidden: z.boolean().default(false) }), output: z.array(PersonSchema) },
  'people.get': {
    input: PersonId,
    output: z.object({ person: PersonSchema, faces: z.array(FaceSchema), photos: z.array(z.object({ photoId: z.number().int(), confidence: z.number() })) }),
  },
  'people.rename': { input: z.object({ id: z.number().int(), name: z.string().max(200) }), output: PersonSchema },
  'people.hide': { input: z.object({ id: z.number().int(), hidden: z.boolean() }), output: PersonSchema },
  'people.merge': { input: z.object({ into: z.number().int(), from: z.number().int() }), output: PersonSchema },
  /** personId null: the face becomes a new person of its own */
  'faces.move': { input: z.object({ faceId: z.number().int(), personId: z.number().int().nullable() }), output: PersonSchema },
  'faces.remove': { input: z.object({ faceId: z.number().int() }), output: FaceSchema },
  'faces.notAFace': { input: z.object({ faceId: z.number().int() }), output: FaceSchema },
  /** Undoes faces.notAFace: a face again, back in personId when given (and still there), else waiting for a person. */
  'faces.isAFace': { input: z.object({ faceId: z.number().int(), personId: z.number().int().nullable().default(null) }), output: FaceSchema },
  /** Every photo of the person in this face (catalog face id, or the largest face of an image file). */
  'faces.search': {
    input: z.union([z.object({ faceId: z.number().int() }), z.object({ imagePath: z.string().min(1) })]).and(z.object({ limit: z.number().int().min(1).max(10_000).default(200) })),
    output: z.array(z.object({ photo: PhotoSchema, faceId: z.number().int(), personId: z.number().int().nullable(), confidence: z.number() })),
  },
  /** People who look like one person (their representatives match), to confirm with people.merge; never merged silently. */
  'people.suggestions': {
    input: Empty,
    output: z.object({ merges: z.array(z.object({ personId: z.number().int(), otherId: z.number().int(), confidence: z.number() })) }),
  },
  'people.threshold.get': { input: Empty, output: z.object({ threshold: z.number() }) },
  'people.threshold.set': { input: z.object({ threshold: z.number().gt(0.5).lt(1) }), output: z.object({ threshold: z.number() }) },
  'models.list': { input: Empty, output: ModelsSchema },
  /**
   * "Download better models": fetch the SE-ResNeXt-50 weights (resumable; progress as models.progress
   * events), build and check the ONNX graph, make it the classifier and re-classify in the background.
   */
  'models.upgrade': {
    input: z.object({
      url: z.url().optional(),
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
      fromFile: z.string().min(1).optional(),
    }),
    output: z.object({ id: z.string(), version: z.string(), bytes: z.number().int(), sha256: z.string(), weightsChecksum: z.string(), queued: z.number().int() }),
  },
  /** Switch the model used for its task (e.g. back to the bundled classifier); photos are redone as needed. */
  'models.use': { input: z.object({ id: z.string().min(1) }), output: z.object({ id: z.string(), task: z.string(), queued: z.number().int() }) },
  /** The system's folder picker (the desktop app); web mode has none and says so. */
  'system.pickFolder': { input: Empty, output: z.object({ path: z.string().nullable(), supported: z.boolean() }) },
  /** Everything the viewer's info panel shows about one photo. */
  'photos.details': {
    input: z.object({ id: z.number().int() }),
    output: z.object({
      photo: PhotoSchema,
      place: PlaceSchema.nullable(),
      faces: z.array(FaceSchema.extend({ personName: z.string().nullable() })),
      objects: z.array(DetectedObjectSchema),
      classification: ClassificationSchema,
      favourite: z.boolean(),
      inBin: z.boolean(),
      albums: z.array(z.object({ id: z.number().int(), name: z.string() })),
    }),
  },
  'places.tree': { input: Empty, output: PlaceTreeSchema },
  /** One place album (country, optionally region and city; null = "unknown region/city"), or photos without a place. */
  'places.photos': {
    input: z.object({
      country: z.string().optional(),
      region: z.string().nullable().optional(),
      city: z.string().nullable().optional(),
      state: z.enum(['no-gps', 'invalid-gps', 'unknown']).optional(),
      ...Page,
    }),
    output: PhotoPageSchema,
  },
  'places.get': { input: z.object({ id: z.number().int() }), output: PlaceSchema.nullable() },
  /** The user's place for photos (a position, or names); it wins over GPS. */
  'places.set': {
    input: z.union([
      z.object({ photoIds: Ids, lat: z.number(), lon: z.number() }),
      z.object({ photoIds: Ids, country: z.string().min(1).max(200), region: z.string().max(200).nullable().optional(), city: z.string().max(200).nullable().optional() }),
    ]),
    output: z.object({ updated: z.number().int() }),
  },
  /** Back to the place from GPS. */
  'places.clear': { input: z.object({ photoIds: Ids }), output: z.object({ updated: z.number().int() }) },
  'albums.list': { input: Empty, output: z.array(AlbumSchema) },
  'albums.get': { input: z.object({ id: z.number().int(), ...Page }), output: z.object({ album: AlbumSchema, photos: PhotoPageSchema }) },
  'albums.create': { input: z.object({ name: z.string().min(1).max(200), photoIds: z.array(z.number().int()).max(10_000).default([]) }), output: AlbumSchema },
  'albums.rename': { input: z.object({ id: z.number().int(), name: z.string().min(1).max(200) }), output: AlbumSchema },
  /** The album goes; its photos stay in the library. */
  'albums.delete': { input: z.object({ id: z.number().int() }), output: z.object({ deleted: z.literal(true) }) },
  'albums.add': { input: z.object({ id: z.number().int(), photoIds: Ids }), output: AlbumSchema },
  'albums.remove': { input: z.object({ id: z.number().int(), photoIds: Ids }), output: AlbumSchema },
  /** These photos first, in this order (drag and drop); the rest keep their order after them. */
  'albums.reorder': { input: z.object({ id: z.number().int(), photoIds: Ids }), output: AlbumSchema },
  'albums.setCover': { input: z.object({ id: z.number().int(), photoId: z.number().int().nullable() }), output: AlbumSchema },
  /** The order of albums in the sidebar. */
  'albums.move': { input: z.object({ albumIds: Ids }), output: z.array(AlbumSchema) },
  'favourites.set': { input: z.object({ photoIds: Ids, favourite: z.boolean() }), output: z.object({ count: z.number().int() }) },
  'favourites.list': { input: z.object({ ...Page }), output: PhotoPageSchema },
  /**
   * Into the recycle bin (hidden; the file stays). deleteFiles: the user asked to delete the files
   * too, so the originals go to the system trash.
   */
  'trash.add': {
    input: z.object({ photoIds: Ids, deleteFiles: z.boolean().default(false) }),
    output: z.object({ binned: z.number().int(), filesTrashed: z.number().int(), problems: z.array(z.object({ photoId: z.number().int(), reason: z.string() })) }),
  },
  'trash.list': {
    input: z.object({ ...Page }),
    output: z.object({ total: z.number().int(), retentionDays: z.number().int(), items: z.array(z.object({ photo: PhotoSchema, deletedAt: z.number(), fileTrashed: z.boolean(), purgesAt: z.number() })) }),
  },
  'trash.restore': { input: z.object({ photoIds: Ids }), output: z.object({ restored: z.number().int(), fileInSystemTrash: z.array(z.number().int()) }) },
  /** Removes everything in the bin from the library for good (files are not touched). */
  'trash.empty': { input: Empty, output: z.object({ purged: z.number().int() }) },
  'trash.retention.get': { input: Empty, output: z.object({ days: z.number().int() }) },
  'trash.retention.set': { input: z.object({ days: z.number().int().min(1).max(3650) }), output: z.object({ days: z.number().int() }) },
  /** Years, the months of a year, or the days of a month, newest first. */
  'timeline.groups': {
    input: z.object({ level: z.enum(['year', 'month', 'day']), year: z.number().int().optional(), month: z.number().int().min(1).max(12).optional() }),
    output: z.array(TimelineGroupSchema),
  },
  'timeline.photos': {
    input: z.object({ year: z.number().int(), month: z.number().int().min(1).max(12).optional(), day: z.number().int().min(1).max(31).optional(), ...Page }),
    output: PhotoPageSchema,
  },
  /** An animated GIF of 2-50 photos in order. addToLibrary: saved inside a library folder and catalogued. */
  'gif.make': {
    input: z.object({
      photoIds: z.array(z.number().int()).min(2).max(50),
      out: z.string().min(1),
      delayMs: z.number().int().min(20).max(10_000).default(500),
      loop: z.number().int().min(0).max(65535).default(0),
      size: z.number().int().min(16).max(2000).default(640),
      fit: z.enum(['contain', 'cover', 'fill']).default('contain'),
      overwrite: z.boolean().default(false),
      addToLibrary: z.boolean().default(false),
    }),
    output: z.object({ file: z.string(), bytes: z.number().int(), width: z.number().int(), height: z.number().int(), frames: z.number().int(), photoId: z.number().int().nullable() }),
  },
  /** Search by image (any file, or a catalogued photo): its person's photos when it shows a known face, near-duplicates by pHash, similar photos by CNN features. */
  'search.similar': {
    input: z.union([z.object({ imagePath: z.string().min(1) }), z.object({ photoId: z.number().int() })]).and(z.object({ limit: z.number().int().min(1).max(1000).default(50) })),
    output: z.object({
      query: z.object({ category: z.string().nullable(), model: z.string().nullable() }),
      nearDuplicates: z.array(z.object({ photo: PhotoSchema, distance: z.number().int() })),
      similar: z.array(z.object({ photo: PhotoSchema, score: z.number() })),
      narrowedTo: z.string().nullable(),
      /** Face-aware: the person whose face the query shows ("Photos of Anna"), first; null when it shows none we know. */
      faces: z
        .object({ title: z.string(), personId: z.number().int().nullable(), items: z.array(z.object({ photo: PhotoSchema, confidence: z.number() })) })
        .nullable(),
    }),
  },
  ...searchMethods(PhotoSchema),
  'duplicates.list': { input: Empty, output: z.object({ groups: z.array(DuplicateGroupSchema) }) },
  /** Glob patterns (relative to each library folder, with /) that are never catalogued. */
  'settings.exclusions.get': { input: Empty, output: z.array(z.string()) },
  'settings.exclusions.set': {
    input: z.object({ patterns: z.array(z.string().trim().min(1).max(500)).max(200) }),
    output: z.array(z.string()),
  },
  // --- for the renderer's screens: one call per screen, never one per card (issue 10)
  /** People with the face to show for each. */
  'people.overview': { input: z.object({ includeHidden: z.boolean().default(false) }), output: z.array(PersonSchema.extend({ coverFaceId: z.number().int().nullable(), coverCropRev: z.number().int() })) },
  /** A person's photos, best match first, a page at a time. */
  'people.photos': { input: z.object({ id: z.number().int(), ...Page }), output: PhotoPageSchema },
  /** "Who is this?": good faces nobody has named, single ones included. */
  /** One card per unnamed person (its surest face; faces: how many it stands for), then each face waiting alone. */
  'faces.unnamed': {
    input: z.object({ ...Page }),
    output: z.object({ total: z.number().int(), items: z.array(FaceSchema.extend({ faces: z.number().int() })) }),
  },
  /** Names a face: it joins the person of that name, or becomes one. */
  'faces.name': { input: z.object({ faceId: z.number().int(), name: z.string().trim().min(1).max(200) }), output: PersonSchema },
  /** Every photo id of a view, in its order (for "select all" and bulk actions). */
  'photos.ids': { input: z.object({ query: ViewQuerySchema }), output: z.object({ ids: z.array(z.number().int()) }) },
  'categories.page': { input: z.object({ category: z.string(), ...Page }), output: PhotoPageSchema },
  /** Like favourites.set, and says which photos actually changed, so Undo reverts exactly those. */
  'favourites.change': {
    input: z.object({ photoIds: z.array(z.number().int()).min(1).max(BULK), favourite: z.boolean() }),
    output: z.object({ changed: z.array(z.number().int()) }),
  },
  /** Like albums.add, and says which photos were not in the album before. */
  /** The desktop app only: the photo's file in the system's file manager, or in the default app for it. */
  'system.showInFolder': { input: z.object({ photoId: z.number().int() }), output: z.object({ path: z.string() }) },
  'system.openWith': { input: z.object({ photoId: z.number().int() }), output: z.object({ path: z.string() }) },
  /** Display rotation of photos, a quarter turn; stored in the catalog, never written to the files. */
  'photos.rotate': {
    input: z.object({ ids: z.array(z.number().int()).min(1).max(BULK), direction: z.enum(['left', 'right']) }),
    output: z.object({ changed: z.number().int() }),
  },
  /**
   * The user's date for photos ('YYYY-MM-DD' keeps each one's time of day, or 'YYYY-MM-DDTHH:MM[:SS]'); null: the photo's own
   * date again. previous: what they had before, grouped (date null: their own), for an exact Undo.
   */
  'photos.setDate': {
    input: z.object({ ids: z.array(z.number().int()).min(1).max(BULK), date: z.string().max(40).nullable() }),
    output: z.object({ changed: z.number().int(), previous: z.array(z.object({ date: z.string().nullable(), ids: z.array(z.number().int()) })) }),
  },
  /** photos.setCategories for a whole selection, in one call and one transaction. */
  'photos.setCategoriesMany': {
    input: z.object({ ids: z.array(z.number().int()).min(1).max(BULK), categories: z.array(z.string()).min(1).max(10) }),
    output: z.object({ changed: z.number().int() }),
  },
  'albums.addPhotos': { input: z.object({ id: z.number().int(), photoIds: Ids }), output: z.object({ album: AlbumSchema, added: z.array(z.number().int()) }) },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodArgs<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const ProgressEventSchema = z.object({
  stage: z.enum(['scan', 'index', 'idle']),
  done: z.number().int(),
  total: z.number().int(),
  ratePerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  errors: z.number().int(),
  current: z.string().nullable(),
  /**
   * The two passes over the library: 'browse' counts photos in the grid (pass 1: date, place,
   * thumbnail), 'understand' photos whose people, things and categories are found (pass 2).
   * Both count the whole library (photos not yet read included); etaSeconds covers both.
   */
  passes: z
    .object({
      browse: z.object({ done: z.number().int(), total: z.number().int() }),
      understand: z.object({ done: z.number().int(), total: z.number().int() }),
    })
    .optional(),
  /** Set while indexing cannot start because another Smart Album holds this library (in words for the user). */
  waiting: z.string().optional(),
});
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

export const events = {
  'models.progress': ModelsProgressSchema,
  'index.progress': ProgressEventSchema,
  'library.changed': z.object({
    reason: z.enum(['indexed', 'missing', 'relinked', 'failed', 'roots']),
    photoIds: z.array(z.number().int()),
  }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
