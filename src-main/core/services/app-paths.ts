// The app's folders, version and acting user, for the hosts (CLI, Electron, preview host): core/app-paths is below
// every core module, so the modules use it directly and the hosts reach it through this door.
export { appRoot, appVersion, defaultStoreDir, localActor, sampleBundlePath } from '../app-paths';
