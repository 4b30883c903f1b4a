// Package engine models a serving engine (TensorRT-LLM, vLLM, SGLang,
// llama.cpp) under load: continuous batching at a concurrency or an arrival
// rate, chunked prefill mixed into decode steps, a fixed cost per engine
// step, FP8/NVFP4 kernels, tensor, pipeline, expert and attention-data
// parallelism, and disaggregated prefill/decode pools. It answers "what TTFT
// and TPOT will I see at N requests in flight, and how many tokens/s per GPU
// does that give?". (It is not the web server: that is `flops serve`.)
//
// Two parts:
//
//   - The step cost (cost.go): the time of one engine iteration on one
//     replica from first principles. Per GPU, for each weight class the
//     roofline max(FLOPs / (peak_fmt · u_c), bytes / (bandwidth · u_m)); the
//     attention core over the KV cache; routed experts touched by the step's
//     tokens, E/ep·(1 − (1 − k/E)^M) per MoE layer; tensor-parallel
//     all-reduces and expert-parallel all-to-alls, α + bytes/β on the
//     scale-up or scale-out link; and the framework's fixed cost
//     o_step + L·o_layer. Parts run one after another (no overlap). With
//     pipeline stages the sequences go through in min(pp, B) micro-batches
//     (see microBatches).
//   - The scheduler (sim.go): a discrete-event simulation of iteration-level
//     scheduling. Each step takes every running decode and fills the rest of
//     the token budget with prompt chunks (TensorRT-LLM, vLLM) or runs
//     waiting prompts first and pauses decode (SGLang); requests wait for a
//     slot when the KV cache is full. Server settings that hold requests
//     back are simulated as the frameworks implement them: TensorRT-LLM's
//     batch waiting and attention-DP balancing (BatchWait), SGLang's
//     take-in interval (Config.RecvInterval), a cap on running requests
//     (Config.MaxRunning). Between events (an arrival, a prompt
//     finishing, a request finishing) decode steps are identical but for the
//     context growing by one token per sequence, so they are summed in
//     closed form: the cost is O(events), not O(steps).
//
// A simulation rather than a steady-state formula because the measured
// closed-loop benchmarks start all C requests at once: the first wave's
// prompts queue behind each other and the waves that follow stay partly in
// step, which a steady-state queue formula does not see; under --rate the
// percentiles of TTFT and TPOT come out of the same run.
//
// The framework constants (Profile) are fitted on the AIConfigurator silicon
// sample (ai-dynamo/aiconfigurator, Apache-2.0, vendored in validate/data)
// and carry their fit error, in sample and leave-one-model-out.
package engine
