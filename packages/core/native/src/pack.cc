// Builds the CSR, CSC, 4×1-block and 2:4 layouts from a mask; portable code, run only when the mask changes.
#include "pack.h"

namespace ont {

void analyze(const uint32_t* words, int rows, int cols, int32_t* counts) {
  int32_t nnz = 0, blocks = 0, worstGroup = 0, emptyRows = 0;
  for (int r = 0; r < rows; r++) {
    int32_t kept = 0;
    for (int g = 0; g < cols; g += 4) {
      int32_t inGroup = 0;
      for (int c = g; c < cols && c < g + 4; c++) inGroup += bit(words, (int64_t)r * cols + c);
      kept += inGroup;
      if (inGroup > worstGroup) worstGroup = inGroup;
    }
    nnz += kept;
    if (kept == 0) emptyRows++;
  }
  for (int g = 0; g < rows; g += 4)
    for (int c = 0; c < cols; c++) {
      bool any = false;
      for (int r = g; r < rows && r < g + 4 && !any; r++) any = bit(words, (int64_t)r * cols + c);
      blocks += any;
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
