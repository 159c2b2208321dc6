// Core functions the webview runs as well. The webview imports only types from the core (the lint rules), so the
// few core values it needs come through the dashboard layer, in one place (statusPalette.ts holds the constants).
export { duration, pct } from '../core/shared/format';
export { isObject } from '../core/shared/isObject';
export { outcomeLabels } from '../core/journeys/outcomeNames';
export { lastStepDate, withDetail } from '../core/journeys/reportSummary';
export { hasAllTerms, searchTerms, searchText } from '../core/journeys/journeySearch';
