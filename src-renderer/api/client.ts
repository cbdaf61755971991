import { z } from 'zod';
import { contract, type Channel, type RequestOf, type ResponseOf } from '../../src-main/common/contract';
import { resultSchema, type ErrorCode, type Result } from '../../src-main/common/result';
import type { PathRef, PickedPath } from '../../src-main/common/schemas/path-ref';

/** What the Electron preload exposes; absent when the page runs in a browser against the preview host. */
interface ElectronBridge {
  host: 'electron';
  invoke(channel: string, request: unknown): Promise<Result<unknown>>;
  pathForFile(file: File): string | null;
}

declare global {
  interface Window {
    provdesk?: ElectronBridge;
  }
}

/** A failure reported by the other side (or a response that broke the contract). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details: Record<string, unknown> = {}, // what the core attached, e.g. {reason: 'already-signed', signer}
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'provdesk.token';

function bridge(): ElectronBridge | null {
  return typeof window !== 'undefined' && window.provdesk?.host === 'electron' ? window.provdesk : null;
}

/** Takes the preview token from the URL once, keeps it for this tab only, and clears it from the address bar. */
function previewToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

let token: string | null = null;
if (typeof window !== 'undefined' && !bridge()) token = previewToken();

export type HostKind = 'electron' | 'preview';
export const hostKind: HostKind = bridge() ? 'electron' : 'preview';
/**
 * Electron takes paths only from its native dialogs (as handles: a typed path is refused there); the preview
 * host has no dialogs, so the page offers a file input or a text field instead.
 */
export const canPickNativeFile = hostKind === 'electron';

function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function postJson(path: string, body: BodyInit, headers: Record<string, string>): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { ...authHeaders(), ...headers }, body });
  } catch (e) {
    throw new ApiError('network', `Could not reach the preview host: ${(e as Error).message}`);
  }
  if (res.status === 401) {
    throw new ApiError(
      'unauthorized',
      'The preview host refused this page. Open it again with the link the host printed.',
    );
  }
  try {
    return await res.json();
  } catch {
    throw new ApiError('internal', `The host answered ${res.status} without a JSON body.`);
  }
}

function unwrap<T>(raw: unknown, schema: ReturnType<typeof resultSchema>, what: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown';
    throw new ApiError('internal', `The answer to ${what} did not match the contract (${where}).`);
  }
  const result = parsed.data as Result<T>;
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.details);
  return result.value;
}

/** Calls one contract channel; resolves with the validated response or throws ApiError. */
export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const schema = resultSchema(contract[channel].response);
  const b = bridge();
  const raw = b
    ? await b.invoke(channel, request).catch((e: unknown) => {
        throw new ApiError('internal', `The app did not answer ${channel}: ${(e as Error).message}`);
      })
    : await postJson(`/api/${channel}`, JSON.stringify(request), { 'Content-Type': 'application/json' });
  return unwrap<ResponseOf<C>>(raw, schema, channel);
}

// The upload endpoint is not a contract channel, but its answer is checked all the same.
const uploadSchema = resultSchema(z.object({ path: z.string().min(1) }));

/**
 * Turns a dropped or chosen File into something the core can import, with the name to show; null when the user
 * cancels. The browser uploads it to the preview host, which stores it and returns the path. Electron knows where
 * the file is, but takes only paths picked in its own dialog: the dialog opens there for the user to confirm.
 */
export async function importableFile(file: File): Promise<{ path: PathRef; name: string } | null> {
  const b = bridge();
  if (b) {
    const where = b.pathForFile(file);
    const picked = await pickBundleFile(where ?? undefined);
    return picked ? { path: { handle: picked.handle }, name: baseName(picked.path) } : null;
  }
  const raw = await postJson('/upload', file, {
    'Content-Type': 'application/octet-stream',
    'x-file-name': encodeURIComponent(file.name),
  });
  return { path: unwrap<{ path: string }>(raw, uploadSchema, 'upload').path, name: file.name };
}

/** Opens the native file dialog (Electron only; the preview host answers null); null when the user cancels. */
export async function pickBundleFile(defaultPath?: string): Promise<PickedPath | null> {
  return (await call('dialog:pickBundle', defaultPath ? { defaultPath } : {})).picked;
}

/** Opens the native folder dialog for a bag folder (Electron only; the preview host answers null). */
export async function pickBagFolder(): Promise<PickedPath | null> {
  return pickFolder('Choose a bag folder to import');
}

/** The native dialogs (Electron only; the preview host answers null); null when the user cancels. */
export async function pickFolder(title: string): Promise<PickedPath | null> {
  return (await call('dialog:pickFolder', { title })).picked;
}

export async function pickFile(title: string, extensions: string[]): Promise<PickedPath | null> {
  return (await call('dialog:pickFile', { title, extensions })).picked;
}

export async function pickSaveFile(
  title: string,
  extensions: string[],
  suggestedName?: string,
): Promise<PickedPath | null> {
  return (await call('dialog:saveFile', { title, extensions, ...(suggestedName ? { suggestedName } : {}) })).picked;
}

/** The last part of a path, for labels. */
function baseName(p: string): string {
  return (
    p
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || p
  );
}
