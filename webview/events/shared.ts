// The one place the event dashboard imports the journeys dashboard's DOM and number helpers, so moving those files
// (webview/shell/...) means editing this file alone.
export { append, type Attrs, type Child, h, svg } from '../shell/dom';
export { duration, int, num, pct } from '../shell/format';
