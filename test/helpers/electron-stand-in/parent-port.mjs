// Preloaded (--import) into a process the stand-in's utilityProcess.fork starts with child_process.fork: gives it
// Electron's `process.parentPort` over Node's IPC channel. As in Electron, messages wait until a listener is
// registered, arrive as `{ data }`, the process does not end on its own while the port is open, and it ends when
// its parent is gone.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
const queued = [];
port.postMessage = (message) => process.send(message);
process.on('message', (message) => {
  if (port.listenerCount('message') > 0) port.emit('message', { data: message });
  else queued.push(message);
});
port.on('newListener', (event) => {
  if (event !== 'message') return;
  setImmediate(() => {
    while (queued.length > 0 && port.listenerCount('message') > 0) port.emit('message', { data: queued.shift() });
  });
});
process.parentPort = port;
// A utility process ends with the app that started it.
process.on('disconnect', () => process.exit(0));
