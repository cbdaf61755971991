// A schema step: the interface lives with the store's API (store-api.ts), which every migration's `up` uses.
export type { Migration } from '../store-api';
