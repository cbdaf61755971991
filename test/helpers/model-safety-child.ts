// Child process for the memory tests and bench of the ONNX safety check (issue 13): runs one way of reading a
// model and prints what it found with the process's peak resident memory, so a test can bound what the parent holds.
//   node model-safety-child.mjs FILE check    the safety check as replays run it (inspectModel)
//   node model-safety-child.mjs FILE decode   the whole-model protobufjs decoding it replaced (the baseline)
//   node model-safety-child.mjs FILE none     nothing: the process's own footprint
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspectModel } from '../../src-main/core/replay/model-safety';
import { decodeModel } from '../../src-main/core/replay/onnx-proto';

const [file, mode] = process.argv.slice(2);
const started = performance.now();
let problems: string[] = [];
if (mode === 'check') problems = inspectModel(file!, path.dirname(file!)).problems.map((p) => p.code);
else if (mode === 'decode') decodeModel(readFileSync(file!));
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ problems, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
