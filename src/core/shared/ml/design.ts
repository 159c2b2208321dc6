// The design matrix the logistic regression trains on, in the sparse form the journey features produce.
/** Raw (unstandardised) features: binary term columns as sparse rows, numeric features dense. */
export interface RawDesign {
  rows: number;
  termColumns: number;
  numericColumns: number;
  /** CSR of the binary term part: a column is listed when the term is present, or absent for a flipped column. */
  rowPtr: Int32Array;
  cols: Int32Array;
  /** Per term column, as in the vocabulary. */
  flipped: Uint8Array;
  /** rows × numericColumns, row-major. */
  numeric: Float64Array;
}
