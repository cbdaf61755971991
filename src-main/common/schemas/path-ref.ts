import { z } from 'zod';

/**
 * How a request names a place on disk. The desktop app takes only handles its own native dialogs issued (a
 * renderer cannot name a path the user did not pick); the preview host, whose token holder is the user, takes
 * typed absolute paths and issues no handles.
 */

const MAX_PATH = 4096;

/** A path on this machine: absolute (POSIX, drive letter or UNC), no NUL, length-bounded. */
export const absolutePathSchema = z
  .string()
  .trim()
  .min(1, 'a path is required')
  .max(MAX_PATH, `a path of at most ${MAX_PATH} characters`)
  .refine((p) => !p.includes('\0'), 'a path without NUL characters')
  .refine(
    (p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'),
    'an absolute path (e.g. /home/me/run or C:\\runs\\run)',
  );

/** An opaque, unguessable reference to a path the user chose in a native dialog of the desktop app. */
export const pathHandleSchema = z
  .object({ handle: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'a path handle issued by a dialog') })
  .strict();
export type PathHandle = z.infer<typeof pathHandleSchema>;

/** A path field: a handle (desktop app) or a typed path (preview host). */
export const pathRefSchema = z.union([absolutePathSchema, pathHandleSchema]);
export type PathRef = z.infer<typeof pathRefSchema>;

/**
 * What a dialog channel answers: the handle and the path it stands for (to show), or null when cancelled or
 * unsupported.
 */
export const pickedPathSchema = z.object({ picked: z.object({ handle: z.string(), path: z.string() }).nullable() });
export type PickedPath = NonNullable<z.infer<typeof pickedPathSchema>['picked']>;

const title = z.string().trim().min(1).max(200).optional();
// a dropped file, to confirm
export const pickBundleRequestSchema = z.object({ defaultPath: absolutePathSchema.optional() }).strict();
export const pickFolderRequestSchema = z.object({ title }).strict();
const extensions = z
  .array(z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'an extension without the dot'))
  .min(1)
  .max(10)
  .optional();
export const pickFileRequestSchema = z.object({ title, extensions }).strict();
// The first extension is added to a chosen name that lacks it (not every platform's dialog does).
export const saveFileRequestSchema = z
  .object({
    title,
    suggestedName: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[^\\/\0]+$/, 'a file name without folders')
      .optional(),
    extensions,
  })
  .strict();
