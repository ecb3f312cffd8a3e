export { AppLayout, NAV_ITEMS } from './app-layout';
export { ComingPage } from './coming-page';
export { NotFoundPage } from './not-found-page';
export { QueryError, QueryState } from './query-state';
