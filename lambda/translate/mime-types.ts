/**
 * File extensions → the MIME types Gemini accepts as inline data
 * (https://ai.google.dev/gemini-api/docs/document-processing, .../image-understanding,
 * .../audio, .../video-understanding). Used when a client sends raw base64 with only a filename,
 * and for `input_audio` formats, which are named like extensions.
 */
const mimeTypesByExtension: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  xml: 'text/xml',
  rtf: 'text/rtf',
  json: 'application/json',
  js: 'text/javascript',
  ts: 'text/x-typescript',
  py: 'text/x-python',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  wav: 'audio/wav',
  mp3: 'audio/mp3',
  aiff: 'audio/aiff',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  mpeg: 'video/mpeg',
  mov: 'video/mov',
  avi: 'video/avi',
  webm: 'video/webm',
  wmv: 'video/wmv',
  '3gp': 'video/3gpp',
};

/** The MIME type for an extension (`pdf`) or a filename (`report.PDF`), or undefined if unknown. */
export function mimeTypeFor(filenameOrExtension: string): string | undefined {
  const extension = filenameOrExtension.slice(filenameOrExtension.lastIndexOf('.') + 1).toLowerCase();
  return Object.hasOwn(mimeTypesByExtension, extension) ? mimeTypesByExtension[extension] : undefined;
}
