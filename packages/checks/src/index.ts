export * from './evaluate';
export * from './plan';
export * from './report';
export * from './sql';
