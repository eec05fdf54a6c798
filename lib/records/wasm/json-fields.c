/*
 * The WebAssembly kernel of `sources.json(input, { fields })`: it checks NDJSON lines (or one
 * record) exactly as JSON.parse would accept them and finds the wanted top-level fields, so
 * that JavaScript builds only those values. Built by `npm run build:wasm` (clang, wasm32,
 * SIMD128); `lib/records/json-kernel.ts` drives it.
 *
 * Two stages, as simdjson does it (Langdale and Lemire, "Parsing gigabytes of JSON per
 * second", 2019):
 *
 * 1. Structural indexing, 64 bytes at a time with SIMD compares turned into bit masks:
 *    backslash runs give the escaped bytes, unescaped quotes give the string mask by a prefix
 *    XOR, and the positions of the brackets, colons and commas outside strings, of the
 *    opening quotes, of the first byte of every other run of non-blank bytes (numbers,
 *    literals, garbage) and of the line breaks are written out. Unlike simdjson's, this stage
 *    also checks what a parser that skips values would not: a control byte inside a string,
 *    and every escape (`\u` with four hex digits), so that a skipped string is checked too.
 *    Nothing checks UTF-8: JavaScript decodes bytes with replacement characters, which never
 *    change where a string or a token starts, and JSON.parse accepts any character in one.
 *
 * 2. A walk of those positions line by line, with a stack of open brackets: the grammar of
 *    objects and arrays, numbers and literals checked to their last byte (a scalar must end at
 *    a blank or a bracket, colon or comma), and each top-level key compared with the wanted
 *    names (decoding its escapes when it has any). For each line it writes where it ends and
 *    either the wanted values (kind, position, and the number itself when Clinger's fast path
 *    reads it exactly), or BLANK, or SLOW: "let JavaScript decide" (a record that is not an
 *    object, one nested deeper than the stack, or one that is not valid JSON, whose error
 *    JSON.parse must word).
 *
 * A line's string state cannot leak into the next one: a line with an unclosed string has a
 * line break inside a string, which is an error at that byte; stage 1 then starts again
 * after that line.
 */
#include "kernel.h"
#include "stage1.h"
#include "keys.h"
#include "stage2.h"

EXPORT(line_tape) i32 *line_tape_ptr(void) { return line_tape; }
EXPORT(ent_tape) i32 *ent_tape_ptr(void) { return ent_tape; }
EXPORT(num_tape) double *num_tape_ptr(void) { return num_tape; }
EXPORT(key_table) u8 *key_table_ptr(void) { return key_table; }
EXPORT(key_lengths) u32 *key_len_ptr(void) { return key_len; }
EXPORT(max_keys) u32 max_keys(void) { return MAX_KEYS; }
EXPORT(key_bytes) u32 key_bytes(void) { return KEY_BYTES; }

/* The wanted names are set: `n` lengths in key_len, their bytes in key_table. */
EXPORT(set_keys) void set_keys(u32 n) {
  u32 off = 0;
  nkeys = n;
  max_key_len = 0;
  for (u32 c = 0; c < 256; c++) key_first[c] = 0;
  for (u32 k = 0; k < n; k++) {
    key_off[k] = off;
    off += key_len[k];
    if (key_len[k] > max_key_len) max_key_len = key_len[k];
    key_raw[k] = 1;
    for (u32 j = 0; j < key_len[k]; j++) {
      u8 c = key_table[key_off[k] + j];
      if (c == '"' || c == '\\' || c < 0x20) key_raw[k] = 0;
    }
    if (key_raw[k]) key_first[key_len[k] ? key_table[key_off[k]] : '"'] = 1;
    slot_gen[k] = 0;
  }
  gen = 0;
  tables();
}

/* Room for regions of `capacity` bytes; returns where to write them, or 0 when memory cannot grow. */
EXPORT(reserve) u8 *reserve(u32 capacity) {
  u32 base = ((u32)&__heap_base + 63) & ~63u;
  u32 in_size = (capacity + PAD + 64 + 63) & ~63u;
  u32 idx_size = 4 * (capacity + 64); /* flatten writes up to 8 positions past the count */
  u32 bs_size = capacity / 64 + 4;
  u64 end = (u64)base + in_size + idx_size + bs_size;
  u64 have = (u64)__builtin_wasm_memory_size(0) << 16;
  if (end > have) {
    u64 pages = (end - have + 65535) >> 16;
    if (__builtin_wasm_memory_grow(0, (u32)pages) == (u32)-1) return 0;
  }
  in = (u8 *)base;
  idx = (u32 *)(base + in_size);
  bs_block = (u8 *)(base + in_size + idx_size);
  cap = capacity;
  return in;
}

/* A region of `length` bytes at `in`: NDJSON lines (`lines` 1) or one record (0). */
EXPORT(begin) void begin(u32 length, u32 lines) {
  len = length;
  lines_mode = lines;
  done = 0;
  /* Blank spare bytes: stage 1 reads whole blocks, and an escape checks four bytes on. */
  for (u32 i = 0; i < PAD; i++) in[len + i] = ' ';
  stage1(0);
}

/* Fills the tapes with the next lines of the region; returns how many (0: the region is done). */
EXPORT(next) u32 next(void) {
  u32 nl = 0, ne = 0;
  while (!done && nl < LINES_CAP && ne + nkeys <= ENTS_CAP) {
    restart = 0;
    i32 code = parse_line(&ne);
    line_tape[2 * nl] = (i32)line_end;
    line_tape[2 * nl + 1] = code;
    nl++;
    if (!lines_mode || line_end + 1 >= len) done = 1;
    else if (restart) stage1(line_end + 1);
  }
  return nl;
}
