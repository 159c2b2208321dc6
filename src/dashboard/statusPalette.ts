// The core values the webview renders with. The webview imports only types from the core (the lint rules), so the
// few constants it needs come through the dashboard layer, in one place.
export { STATUSES } from '../core/model';
export { STATUS_STYLES } from '../core/timeline';
