// The core values the webview renders with. The webview imports only types from the core (the lint rules), so the
// few constants it needs come through the dashboard layer, in one place.
export { STATUSES } from '../core/journeys/types';
export { STATUS_STYLES } from '../core/journeys/timeline';
