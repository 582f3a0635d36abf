# Builds the native kernel: the portable routines always, and AVX2+FMA / AVX-512 builds on x86-64, each in its
# own static library compiled with its own flags so the addon can pick one at run time (never -march=native).
{
  "target_defaults": {
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
    "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
    "cflags": ["-fPIC", "-O3", "-ffp-contract=fast", "-fno-math-errno"],
    "cflags_cc": ["-std=gnu++20"],
    "conditions": [["target_arch=='x64'", {"defines": ["ONT_HAVE_X86_OPS"]}]]
  },
  "targets": [
    {
      "target_name": "ontogeny_kernel",
      # The encoder op families compile one body per ISA through target attributes; GCC notes on every vector-typed
      # signature that AVX vectors pass differently without those flags, which is why they stay inside one file.
      "cflags": ["-Wno-psabi"],
      "sources": ["src/addon.cc", "src/bindings-configuration.cc", "src/bindings-gemm.cc", "src/bindings-spmm.cc",
                  "src/bindings-sddmm.cc", "src/bindings-transpose.cc", "src/bindings-optimizers.cc",
                  "src/bindings-masks.cc", "src/bindings-elementwise.cc", "src/bindings-packing.cc",
                  "src/partition.cc", "src/pool.cc", "src/split-choice.cc", "src/pack.cc", "src/ops-portable.cc",
                  "src/layer-norm.cc", "src/gelu.cc", "src/attention.cc", "src/embedding.cc", "src/residual.cc",
                  "src/softmax-cross-entropy.cc", "src/rmsprop.cc"],
      "conditions": [["target_arch=='x64'", {"dependencies": ["ops_avx2", "ops_avx512"]}]]
    }
  ],
  "conditions": [
    ["target_arch=='x64'", {
      "targets": [
        {
          "target_name": "ops_avx2",
          "type": "static_library",
          "sources": ["src/ops-avx2.cc"],
          "cflags": ["-mavx2", "-mfma"]
        },
        {
          "target_name": "ops_avx512",
          "type": "static_library",
          "sources": ["src/ops-avx512.cc"],
          "cflags": ["-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mavx2", "-mfma", "-mprefer-vector-width=512"]
        }
      ]
    }]
  ]
}
