{
  "targets": [
    {
      "target_name": "topk_gemm",
      "sources": ["topk_gemm.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=fast", "-fno-fast-math"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "topk_gemm_generic",
      "sources": ["topk_gemm.cc"],
      "cflags_cc": ["-O3", "-march=native", "-mno-avx512f", "-std=c++17", "-ffp-contract=fast", "-fno-fast-math"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "dense_gemm",
      "sources": ["dense_gemm.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=fast", "-fno-fast-math"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "kmeans_step",
      "sources": ["kmeans_step.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=off", "-fno-fast-math"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "logistic",
      "sources": ["logistic.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=fast", "-fno-fast-math"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "lbfgs",
      "sources": ["lbfgs.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=off", "-fno-fast-math"]
    },
    {
      "target_name": "lr_plain",
      "sources": ["lr_plain.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=off", "-fno-fast-math"]
    },
    {
      "target_name": "paired_f32",
      "sources": ["paired_f32.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=off", "-fno-fast-math"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "map_file",
      "sources": ["map_file.cc"],
      "cflags_cc": ["-O2", "-std=c++17"]
    }
  ]
}
