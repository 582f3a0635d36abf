// Builds the CSR, CSC, 4×1-block and 2:4 layouts from a mask; portable code, run only when the mask changes.
#include "pack.h"

namespace ont {

// `len` (1..32) mask bits from bit `start`, bit 0 first; reads no word past the last bit asked for.
static inline uint32_t bitsAt(const uint32_t* words, int64_t start, int len) {
  const int64_t w = start >> 5;
  const int shift = (int)(start & 31);
  uint64_t x = words[w] >> shift;
  if (shift + len > 32) x |= (uint64_t)words[w + 1] << (32 - shift);
  return len == 32 ? (uint32_t)x : (uint32_t)x & ((1u << len) - 1u);
}

// 32 columns at a time by word operations: mask learners change the mask every step, and a bit-by-bit pass
// over a 300×784 mask cost half a millisecond each time the format choice needed the block counts.
void analyze(const uint32_t* words, int rows, int cols, int32_t* counts) {
  int32_t nnz = 0, blocks = 0, worstGroup = 0, emptyRows = 0;
  for (int r = 0; r < rows; r++) {
    int32_t kept = 0;
    for (int c = 0; c < cols; c += 32) {  // chunks start at multiples of 4, so groups of 4 are nibbles
      const int len = cols - c < 32 ? cols - c : 32;
      const uint32_t x = bitsAt(words, (int64_t)r * cols + c, len);
      kept += __builtin_popcount(x);
      if (worstGroup < 4 && x != 0) {
        uint32_t n = x - ((x >> 1) & 0x55555555u);
        n = (n & 0x33333333u) + ((n >> 2) & 0x33333333u);  // each nibble now holds its own popcount
        for (int k = 0; k < 8; k++) {
          const int32_t inGroup = (int32_t)((n >> (4 * k)) & 0xFu);
          if (inGroup > worstGroup) worstGroup = inGroup;
        }
      }
    }
    nnz += kept;
    if (kept == 0) emptyRows++;
  }
  for (int g = 0; g < rows; g += 4)
    for (int c = 0; c < cols; c += 32) {
      const int len = cols - c < 32 ? cols - c : 32;
      uint32_t any = 0;
      for (int r = g; r < rows && r < g + 4; r++) any |= bitsAt(words, (int64_t)r * cols + c, len);
      blocks += __builtin_popcount(any);
    }
  counts[0] = nnz;
  counts[1] = blocks;
  counts[2] = worstGroup;
  counts[3] = emptyRows;
}

void csrBuild(const uint32_t* words, int rows, int cols, int32_t* ptr, uint16_t* col, int32_t* perm) {
  int32_t p = 0;
  ptr[0] = 0;
  for (int r = 0; r < rows; r++) {
    for (int c = 0; c < cols; c++) {
      const int64_t i = (int64_t)r * cols + c;
      if (!bit(words, i)) continue;
      col[p] = (uint16_t)c;
      perm[p++] = (int32_t)i;
    }
    ptr[r + 1] = p;
  }
}

void cscBuild(const uint32_t* words, int rows, int cols, int32_t* ptr, uint16_t* row, int32_t* perm) {
  // Count per column, prefix-sum, then place in row order so each column's rows ascend.
  for (int c = 0; c <= cols; c++) ptr[c] = 0;
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) ptr[c + 1] += bit(words, (int64_t)r * cols + c);
  for (int c = 0; c < cols; c++) ptr[c + 1] += ptr[c];
  int32_t* fill = new int32_t[cols > 0 ? cols : 1];
  for (int c = 0; c < cols; c++) fill[c] = ptr[c];
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) {
      const int64_t i = (int64_t)r * cols + c;
      if (!bit(words, i)) continue;
      row[fill[c]] = (uint16_t)r;
      perm[fill[c]++] = (int32_t)i;
    }
  delete[] fill;
}

void block4Build(const uint32_t* words, int rows, int cols, int32_t* ptr, uint16_t* col, int32_t* perm) {
  int32_t p = 0;
  ptr[0] = 0;
  for (int g = 0; 4 * g < rows; g++) {
    for (int c = 0; c < cols; c++) {
      bool any = false;
      for (int r = 4 * g; r < rows && r < 4 * g + 4 && !any; r++) any = bit(words, (int64_t)r * cols + c);
      if (!any) continue;
      col[p] = (uint16_t)c;
      for (int k = 0; k < 4; k++) {
        const int r = 4 * g + k;
        const int64_t i = (int64_t)r * cols + c;
        perm[4 * p + k] = r < rows && bit(words, i) ? (int32_t)i : -1;
      }
      p++;
    }
    ptr[g + 1] = p;
  }
}

void nm24Build(const uint32_t* words, int rows, int cols, uint8_t* idx, int32_t* perm) {
  const int slots = 2 * ((cols + 3) / 4);
  for (int r = 0; r < rows; r++) {
    for (int g = 0; 4 * g < cols; g++) {
      int s = 2 * g;
      const int64_t at = (int64_t)r * slots;
      idx[at + s] = idx[at + s + 1] = 0;
      perm[at + s] = perm[at + s + 1] = -1;
      for (int k = 0; k < 4 && 4 * g + k < cols; k++) {
        const int64_t i = (int64_t)r * cols + 4 * g + k;
        if (!bit(words, i) || s >= 2 * g + 2) continue;
        idx[at + s] = (uint8_t)k;
        perm[at + s++] = (int32_t)i;
      }
    }
  }
}

void gather(const float* values, const int32_t* perm, int n, float* out) {
  for (int p = 0; p < n; p++) out[p] = perm[p] < 0 ? 0.0f : values[perm[p]];
}

}  // namespace ont
