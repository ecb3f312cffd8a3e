export { readSlaFile } from './read-sla-file';
export { type Clock, Scraper, type ScraperOptions, type ScrapeTarget, systemClock } from './scraper';
export { type SlaMonitor, type SlaMonitorOptions, startSlaMonitor } from './sla-monitor';
