import path from 'node:path';

/** Decoded directly by sharp's bundled libvips. */
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif']);
/** HEIF/HEVC is not in sharp's prebuilt libvips (patents): these get their embedded preview, if any. */
export const HEIF_EXTENSIONS = new Set(['.heic', '.heif', '.hif']);
/** Camera RAW: indexed from the embedded JPEG preview that nearly every camera writes. */
export const RAW_EXTENSIONS = new Set([
  '.dng', '.cr2', '.cr3', '.crw', '.nef', '.nrw', '.arw', '.srf', '.sr2', '.orf', '.rw2', '.raf', '.pef', '.srw', '.x3f', '.3fr', '.iiq', '.erf', '.kdc', '.mrw',
]);

export function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

export function isPhotoFile(file: string): boolean {
  const ext = extensionOf(file);
  return IMAGE_EXTENSIONS.has(ext) || HEIF_EXTENSIONS.has(ext) || RAW_EXTENSIONS.has(ext);
}

export function needsEmbeddedPreview(file: string): boolean {
  const ext = extensionOf(file);
  return HEIF_EXTENSIONS.has(ext) || RAW_EXTENSIONS.has(ext);
}
