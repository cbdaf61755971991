// A stand-in for the `electron` module (issue 14): no Electron binary can be had here, so the built
// dist/node/electron-main.mjs is booted under plain Node with this module in its place (register.mjs). It keeps
// what the app does with Electron (windows and their webPreferences, the app:// handler, ipcMain handlers, dialogs)
// and runs utility processes for real with child_process.fork, giving them `process.parentPort` (parent-port.mjs),
// so the real core answers. A test drives it over the Node IPC channel of the process it started
// (`{ standIn: true, id, command, ... }` → `{ standIn: true, id, value | error }`).
import { EventEmitter } from 'node:events';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const parentPortShim = new URL('./parent-port.mjs', import.meta.url).href;

const seen = {
  schemes: [],
  schemesBeforeReady: null,
  protocolHandlers: new Map(),
  ipc: new Map(),
  utility: [],
  messageBoxes: [],
  errorBoxes: [],
  external: [],
  permissionHandler: false,
  dialogAnswers: [],
  exposed: {},
};

function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class App extends EventEmitter {
  ready = false;
  #ready = new Promise((resolve) => setImmediate(() => ((this.ready = true), this.emit('ready'), resolve())));
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return this.#ready;
  }
  isReady() {
    return this.ready;
  }
  getPath(name) {
    const flag = process.argv.find((a) => a.startsWith('--user-data-dir='));
    const userData = flag ? flag.slice('--user-data-dir='.length) : path.join(os.tmpdir(), 'provdesk-stand-in');
    return name === 'userData' ? userData : path.join(userData, name);
  }
  /** Electron's order: before-quit, will-quit (either may be prevented), then quit and the process ends. */
  quit() {
    const before = preventable();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = preventable();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.emit('quit', preventable(), 0);
    process.exit(0);
  }
  exit(code = 0) {
    process.exit(code);
  }
}
export const app = new App();

const defaultSession = {
  setPermissionRequestHandler(handler) {
    seen.permissionHandler = typeof handler === 'function';
  },
  webRequest: { onBeforeRequest() {} },
};
export const session = { defaultSession };

class WebContents extends EventEmitter {
  url = null;
  loaded = null;
  session = defaultSession;
  windowOpenHandler = null;
  constructor(window) {
    super();
    this.window = window;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  /**
   * app:// pages are fetched through the registered protocol handler, as Electron would; a failed load is kept, not
   * thrown.
   */
  async loadURL(url) {
    this.url = url;
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = seen.protocolHandlers.get(scheme);
    if (handler) {
      try {
        const response = await handler(new Request(url));
        this.loaded = { status: response.status, csp: response.headers.get('content-security-policy') };
      } catch (error) {
        this.loaded = { status: 0, error: error.message };
      }
    }
    setImmediate(() => this.window.emit('ready-to-show'));
  }
  async printToPDF() {
    return Buffer.from('%PDF-1.4\n% Provenance Desk stand-in\n%%EOF\n');
  }
}

const windows = [];
export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return windows.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows().find((w) => w.shown) ?? null;
  }
  destroyed = false;
  shown = false;
  constructor(options = {}) {
    super();
    this.options = options;
    this.webContents = new WebContents(this);
    windows.push(this);
  }
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  show() {
    this.shown = true;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    seen.schemes.push(...schemes);
    seen.schemesBeforeReady = !app.ready;
  },
  handle(scheme, handler) {
    seen.protocolHandlers.set(scheme, handler);
  },
};

const mime = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};
export const net = {
  async fetch(url) {
    if (!url.startsWith('file:')) return fetch(url);
    const file = new URL(url).pathname;
    const body = await readFile(decodeURIComponent(file)); // a missing file rejects, as net::ERR_FILE_NOT_FOUND does
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': mime[path.extname(file)] ?? 'application/octet-stream' },
    });
  },
};

export const ipcMain = {
  handle(channel, listener) {
    if (seen.ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    seen.ipc.set(channel, listener);
  },
  removeHandler(channel) {
    seen.ipc.delete(channel);
  },
};

export const dialog = {
  async showOpenDialog(...args) {
    const answer = seen.dialogAnswers.shift() ?? null;
    void args;
    return answer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answer] };
  },
  async showSaveDialog(...args) {
    const answer = seen.dialogAnswers.shift() ?? null;
    void args;
    return answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer };
  },
  async showMessageBox(...args) {
    const options = args.length > 1 ? args[1] : args[0];
    seen.messageBoxes.push({ type: options.type, message: options.message, detail: options.detail });
    return { response: 0, checkboxChecked: false };
  },
  showErrorBox(title, content) {
    seen.errorBoxes.push({ title, content });
    process.stderr.write(`[stand-in] error box: ${title}: ${content}\n`);
  },
};

export const shell = {
  async openExternal(url) {
    seen.external.push(url);
  },
};

export const nativeTheme = { shouldUseDarkColors: false };

// A keychain with a real backend, so the core's keychain asks are exercised (not encryption: a test double).
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (plain) => Buffer.from(`stand-in:${Buffer.from(plain, 'utf8').toString('base64')}`),
  decryptString: (sealed) => {
    const text = Buffer.from(sealed).toString('utf8');
    if (!text.startsWith('stand-in:')) throw new Error('not sealed by this keychain');
    return Buffer.from(text.slice('stand-in:'.length), 'base64').toString('utf8');
  },
};

/** Electron's utilityProcess.fork as child_process.fork with a parentPort (structured clone: 'advanced'). */
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const stdio = options.stdio ?? 'inherit';
    const [, out, err] = typeof stdio === 'string' ? ['ignore', stdio, stdio] : stdio;
    const child = fork(modulePath, args, {
      execArgv: ['--import', parentPortShim, ...(options.execArgv ?? [])],
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', out ?? 'inherit', err ?? 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const utility = new EventEmitter();
    const record = { modulePath, serviceName: options.serviceName ?? null, pid: null, exitCode: null };
    seen.utility.push(record);
    utility.pid = undefined;
    utility.stdout = child.stdout;
    utility.stderr = child.stderr;
    utility.postMessage = (message) => child.send(message);
    utility.kill = () => child.kill();
    child.on('spawn', () => {
      utility.pid = child.pid;
      record.pid = child.pid;
      utility.emit('spawn');
    });
    child.on('message', (message) => utility.emit('message', message));
    child.on('error', (error) => utility.emit('error', 'FatalError', error.message, ''));
    child.on('exit', (code, signal) => {
      utility.pid = undefined;
      record.exitCode = code ?? 128 + (os.constants.signals[signal] ?? 0);
      utility.emit('exit', record.exitCode);
    });
    return utility;
  },
};

export const webUtils = { getPathForFile: () => '' };

// The preload's side: what contextBridge exposes is kept; ipcRenderer.invoke reaches ipcMain from the window's main
// frame.
export const contextBridge = {
  exposeInMainWorld(key, api) {
    seen.exposed[key] = api;
  },
};

function frameEvent(frameUrl, inSubframe) {
  const senderFrame =
    frameUrl === null
      ? null
      : { url: frameUrl, parent: inSubframe ? { url: 'app://provdesk/index.html', parent: null } : null };
  return { senderFrame, sender: BrowserWindow.getAllWindows()[0]?.webContents ?? null };
}

export const ipcRenderer = {
  async invoke(channel, ...args) {
    const listener = seen.ipc.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const window = BrowserWindow.getAllWindows()[0];
    return structuredClone(
      await listener(frameEvent(window?.webContents.url ?? null, false), ...structuredClone(args)),
    );
  },
};

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  nativeTheme,
  net,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
  webUtils,
};

/** Loads the sandboxed preload as Electron does: its own `require`, which knows only 'electron'. */
function loadPreload(file) {
  const source = readFileSync(file, 'utf8');
  const module = { exports: {} };
  const requireInPreload = (id) => {
    if (id === 'electron') return { contextBridge, ipcRenderer, webUtils };
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  new Function('require', 'module', 'exports', source)(requireInPreload, module, module.exports);
}

const commands = {
  state: () => ({
    schemes: seen.schemes,
    schemesBeforeReady: seen.schemesBeforeReady,
    protocols: [...seen.protocolHandlers.keys()],
    ipcChannels: [...seen.ipc.keys()],
    windows: windows.map((w) => ({
      options: w.options,
      url: w.webContents.url,
      loaded: w.webContents.loaded,
      shown: w.shown,
      destroyed: w.destroyed,
      hasOpenHandler: w.webContents.windowOpenHandler !== null,
    })),
    utility: seen.utility,
    messageBoxes: seen.messageBoxes,
    errorBoxes: seen.errorBoxes,
    permissionHandler: seen.permissionHandler,
    pid: process.pid,
  }),
  protocol: async ({ url }) => {
    const handler = seen.protocolHandlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`no protocol handler for ${url}`);
    const response = await handler(new Request(url));
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  },
  invoke: async ({ channel, request, frameUrl, inSubframe }) => {
    const listener = seen.ipc.get(channel);
    if (!listener) throw new Error(`no ipcMain handler for ${channel}`);
    return listener(frameEvent(frameUrl, inSubframe), request);
  },
  dialogAnswers: ({ answers }) => void seen.dialogAnswers.push(...answers),
  preload: () => {
    const window = BrowserWindow.getAllWindows()[0];
    loadPreload(window.options.webPreferences.preload);
    const bridge = seen.exposed.provdesk;
    return {
      exposed: Object.keys(seen.exposed),
      keys: Object.keys(bridge).sort(),
      host: bridge.host,
      channels: bridge.channels,
    };
  },
  bridge: ({ channel, request }) => seen.exposed.provdesk.invoke(channel, request),
  quit: () => void setImmediate(() => app.quit()),
};

if (process.send) {
  process.on('message', async (message) => {
    if (!message || message.standIn !== true) return;
    try {
      const value = await commands[message.command](message);
      process.send({ standIn: true, id: message.id, value: value ?? null });
    } catch (error) {
      process.send({ standIn: true, id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
