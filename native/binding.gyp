{
  "targets": [
    {
      "target_name": "topk_gemm",
      "sources": ["topk_gemm.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=fast", "-fno-fast-math"],
      "ldflags": ["-pthread"]
    }
  ]
}
