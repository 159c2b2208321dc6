// The rule-based notes of the event dashboard's views, re-exported for the webview (which imports only types from core).
export * from '../../core/events/notes';
