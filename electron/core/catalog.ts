import type { Db } from './db/connection.js';
import { openCatalogDatabase } from './db/open-catalog.js';
import { AlbumRepo } from './db/repos/album.repo.js';
import { CategoryRepo } from './db/repos/category.repo.js';
import { FaceRepo } from './db/repos/face.repo.js';
import { ObjectRepo } from './db/repos/object.repo.js';
import { FeatureRepo } from './db/repos/feature.repo.js';
import { GenerationRepo } from './db/repos/generation.repo.js';
import { JobRepo } from './db/repos/job.repo.js';
import { PeopleRepo } from './db/repos/people.repo.js';
import { PlaceRepo } from './db/repos/place.repo.js';
import { PhotoRepo } from './db/repos/photo.repo.js';
import { RootRepo } from './db/repos/root.repo.js';
import { SettingsRepo } from './db/repos/settings.repo.js';
import { TimelineRepo } from './db/repos/timeline.repo.js';
import { TrashRepo } from './db/repos/trash.repo.js';
import { catalogFile, markDataDir } from './paths.js';

export interface CatalogOptions {
  dataDir: string;
  now?: () => number;
}

/** The open catalog: the database, its repositories and the data folder. Services take this. */
export interface Catalog {
  readonly dataDir: string;
  readonly db: Db;
  readonly roots: RootRepo;
  readonly photos: PhotoRepo;
  readonly jobs: JobRepo;
  readonly settings: SettingsRepo;
  readonly categories: CategoryRepo;
  readonly faces: FaceRepo;
  readonly features: FeatureRepo;
  readonly objects: ObjectRepo;
  readonly people: PeopleRepo;
  readonly places: PlaceRepo;
  readonly albums: AlbumRepo;
  readonly trash: TrashRepo;
  readonly timeline: TimelineRepo;
  /** notices commits made by other connections (see generation.repo.ts) */
  readonly generation: GenerationRepo;
  readonly now: () => number;
  close(): void;
}

export function openCatalog(options: CatalogOptions): Catalog {
  // read-only, damaged and empty catalogs are refused with their path and what to do (db/open-catalog.ts)
  const db = openCatalogDatabase(catalogFile(options.dataDir));
  markDataDir(options.dataDir);
  return {
    dataDir: options.dataDir,
    db,
    roots: new RootRepo(db),
    photos: new PhotoRepo(db),
    jobs: new JobRepo(db),
    settings: new SettingsRepo(db),
    categories: new CategoryRepo(db),
    faces: new FaceRepo(db),
    features: new FeatureRepo(db),
    objects: new ObjectRepo(db),
    places: new PlaceRepo(db),
    albums: new AlbumRepo(db),
    trash: new TrashRepo(db),
    timeline: new TimelineRepo(db),
    people: new PeopleRepo(db),
    generation: new GenerationRepo(db),
    now: options.now ?? Date.now,
    close: () => {
      if (db.open) db.close();
    },
  };
}
