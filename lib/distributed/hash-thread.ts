/**
 * The pool thread of `submit`: the SHA-256 of a piece's bytes, so that the pieces of a big
 * input are hashed on every core at once instead of one after the other.
 */
export { pieceSha256 as sha256 } from './checked-file.js';
