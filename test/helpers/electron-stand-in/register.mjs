// `node --import <this file> dist/node/electron-main.mjs`: every `import … from 'electron'` gets the stand-in
// (electron.mjs) instead of the npm package, which without its binary only throws (issue 14).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
