// Packing a bit-packed mask into the sparse formats: structure on a mask change, values on a values change.
#pragma once
#include <cstdint>

namespace ont {

// counts[0] = kept entries, [1] = non-empty 4×1 blocks, [2] = most kept in one aligned group of 4 inputs,
// [3] = rows with no kept entry.
void analyze(const uint32_t* words, int rows, int cols, int32_t* counts);
// CSR of W: ptr[rows+1], col[nnz], perm[nnz] = flat index into W.
void csrBuild(const uint32_t* words, int rows, int cols, int32_t* ptr, uint16_t* col, int32_t* perm);
// CSC of W (the CSR of Wᵀ, for the backward pass): ptr[cols+1], row[nnz], perm[nnz].
void cscBuild(const uint32_t* words, int rows, int cols, int32_t* ptr, uint16_t* row, int32_t* perm);
// 4×1 blocks: ptr[groups+1], col[blocks], perm[4·blocks] (−1 where the block holds a zero).
void block4Build(const uint32_t* words, int rows, int cols, int32_t* ptr, uint16_t* col, int32_t* perm);
// 2:4 slots: two per aligned group of 4 inputs; idx[rows·slots] ∈ 0..3, perm −1 for an empty slot.
void nm24Build(const uint32_t* words, int rows, int cols, uint8_t* idx, int32_t* perm);
// out[p] = perm[p] < 0 ? 0 : values[perm[p]].
void gather(const float* values, const int32_t* perm, int n, float* out);

inline bool bit(const uint32_t* words, int64_t i) { return (words[i >> 5] >> (i & 31)) & 1u; }

}  // namespace ont
