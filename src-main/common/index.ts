export * from './result';
export * from './problem';
export * from './contract';
export * from './schemas/audit';
export * from './schemas/bundle';
export * from './schemas/job';
export * from './schemas/replay';
export * from './schemas/licenses';
