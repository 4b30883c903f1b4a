package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flopsdev/flops/api"
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/plan"
	"github.com/flopsdev/flops/report"
)

const planSynopsis = "plan --model NAME|PATH --gpus N [--gpu ID] [--global-batch B] [--seq S] [constraints] [flags]"

const planHelp = `
Searches every valid parallel layout of a training run — tensor (TP),
pipeline (PP), data (DP) and expert (EP) parallel degrees (context
parallelism CP when given: GPUs = TP·CP·PP·DP), micro-batch,
interleaved virtual stages (pp·vpp may exceed the layers by 2: embedding
and loss take a slot), recompute none/selective/full (selective: the
attention core without flash attention; with it, the norm and activation-
function outputs), sequence parallelism, ZeRO stage 0-3 (3 = FSDP) — with a step-time and memory model
(per-layer GEMMs at a size-dependent efficiency, TP collectives on NVLink,
PP bubble and sends, DP gradient reduction with bucketed overlap, EP
all-to-all, optimizer step; Korthikanti et al. 2022 activation memory). The
global batch is held fixed. Layouts whose weights, gradients, optimizer state
and minimum activations cannot fit are pruned before timing; symmetric
duplicates (ZeRO with DP 1, SP with TP 1, interleaving without PP) are
skipped and counted unless their twin is excluded by a constraint. Fixing
every dimension prices exactly that layout; if nothing fits in memory, the
fastest priced layout is still reported with fits=false and the reason. Progress goes to stderr for searches
longer than a second.

Output fields (--json; SI base units):
  model, gpu, gpus, global_batch, seq_len      the run
  tensor_parallel, context_parallel, pipeline_parallel, data_parallel, expert_parallel,
  micro_batch, virtual_stages, sequence_parallel, zero_stage, recompute
                                               the fastest layout
  step_time_seconds, tokens_per_second, mfu, hfu  its speed (MFU: PaLM convention)
  compute_seconds, recompute_seconds, bubble_seconds, tp_comm_seconds,
  ep_comm_seconds, cp_comm_seconds, pp_comm_seconds, dp_comm_seconds, dp_overlapped_seconds,
  hidden_comm_seconds, optimizer_seconds       its step-time breakdown (exposed comm; hidden comm)
  memory_per_gpu_bytes, memory_{weights,gradients,optimizer,activations}_bytes, fits
  time_to_train_seconds, gpu_hours, cost_usd   for --tokens (default: the catalog's) and --price
  search_space, evaluated, feasible, duplicates, pruned
                                               layouts visited, priced, fitting, skipped
  rejected                                     count per reason (pruned and duplicates included)
  top                                          the fastest --top layouts, same fields
  pareto                                       step time vs memory per GPU front
  best                                         the winner with steps and assumptions
  infeasible                                   why nothing fits or runs, when nothing does; if
                                               layouts were priced but none fits, the fastest is
                                               still reported (top-level fields, best) with fits=false
  over_memory                                  the fastest priced layouts that do not fit (only then)
  elapsed_seconds, steps, assumptions

Software stack (--stack, default megatron-core) and cluster profile
(--profile from 'flops calibrate'): the stack decides which communication
overlaps exist (each priced against the compute it hides behind), the
attention kernel and the pipeline schedule; a profile replaces the shipped
efficiency constants of its accelerators and brings its stack.

Examples:
  flops plan --model gpt3-175b --gpu a100-sxm4-80gb --gpus 1024 --global-batch 1536 --seq 2048
  flops plan --model llama-3-70b --gpu h100 --gpus 512 --tp 8 --top 5 --json
  flops plan --model megatron-1t --gpu a100-sxm4-80gb --gpus 3072 --global-batch 3072 --seq 2048 \
      --tp 4 --pp 64 --dp 12 --micro-batch 4 --recompute full --flash-attention off --explain
  flops plan --model mixtral-8x7b --gpu h100 --gpus 256 --ep 8 --price 2.5 --tokens 1T
  flops plan --model llama-3.1-405b --gpu h100 --gpus 8192 --tp 8 --pp 16 --dp 64 \
      --micro-batch 1 --global-batch 2048 --seq 8192          # one layout (vpp, recompute searched)
  flops plan --model llama-3-70b --gpu h100 --precision fp8 --gpus 64 --tp 4 --cp 2 --pp 4 \
      --dp 2 --vpp 5 --micro-batch 1 --global-batch 128 --seq 8192
  flops plan --model llama-3.1-405b --gpu h100 --gpus 16384 --tp 8 --pp 16 --global-batch 2048 \
      --seq 8192 --price 2 --restart-time 5m --checkpoint-bandwidth 2TB/s   # with failures
  flops plan --model deepseek-v3 --gpu h800 --precision fp8 --gpus 2048 --tp 1 --pp 16 --ep 64 \
      --global-batch 15360 --seq 4096 --tokens 14.8T --stack hai-llm
  flops plan --model llama-3-8b --gpu h100 --gpus 64 --profile cluster.json
`

// bindPlan binds the plan flags to the request's text fields.
func bindPlan(fs *flag.FlagSet, r *api.PlanRequest) {
	fs.StringVar(&r.Model, "model", "", "model `NAME|PATH` (catalog, config.json, safetensors, GGUF)")
	fs.StringVar(&r.GPUs, "gpus", "", "total accelerators `N`")
	fs.StringVar(&r.GPUsPerNode, "gpus-per-node", "", "GPUs per scale-up (NVLink) domain (default from the catalog, else 8)")
	fs.StringVar(&r.GlobalBatch, "global-batch", "", "sequences per optimizer step, held fixed (default 4M tokens / seq)")
	fs.StringVar(&r.Seq, "seq", "", "sequence length in tokens (default the model's pretraining context, e.g. 8192 for Llama 3; else min(context, 4096))")
	for _, f := range []struct {
		name string
		dst  *string
		use  string
	}{{"tp", &r.TP, "fix the tensor-parallel degree"}, {"cp", &r.CP, "context-parallel degree: the sequence split over ranks with ring attention (default 1)"},
		{"pp", &r.PP, "fix the pipeline-parallel degree"},
		{"dp", &r.DP, "fix the data-parallel degree"}, {"ep", &r.EP, "fix the expert-parallel degree (MoE)"},
		{"micro-batch", &r.MicroBatch, "fix the micro-batch size (sequences)"}, {"vpp", &r.VPP, "fix the virtual pipeline stages per rank"}} {
		fs.StringVar(f.dst, f.name, "", f.use)
	}
	fs.StringVar(&r.Recompute, "recompute", "", "none, selective, full or a comma list (default all: the fastest that fits)")
	fs.StringVar(&r.ZeRO, "zero", "", "ZeRO stage 0-3, fsdp, or a comma list (default all)")
	fs.StringVar(&r.SeqParallel, "sequence-parallel", "", "on or off (default both)")
	fs.StringVar(&r.Flash, "flash-attention", "", "on (default) or off (off: Megatron-2022 kernels storing the s×s scores)")
	fs.StringVar(&r.Dropout, "dropout", "", "on or off (default off)")
	fs.StringVar(&r.Overlap, "overlap", "", "overlap data-parallel communication with compute: on or off (default the stack's)")
	fs.StringVar(&r.Stack, "stack", "", "software stack: "+stackNames()+" (default megatron-core)")
	fs.StringVar(&r.ScaleUp, "scale-up", "", "scale-up bandwidth per GPU per direction (default half the catalog's bidirectional figure)")
	fs.StringVar(&r.ScaleOut, "scale-out", "", "scale-out (NIC) bandwidth per GPU, e.g. 25GB/s (default the --profile's, else "+perf.DefaultScaleOut.String()+")")
	fs.StringVar(&r.Tokens, "tokens", "", "training tokens for time to train (default the catalog's)")
	fs.StringVar(&r.Price, "price", "", "USD per GPU-hour for cost, e.g. 2")
	fs.StringVar(&r.Top, "top", "", "how many of the fastest layouts to list (default 10)")
	fs.StringVar(&r.MaxMicro, "max-micro-batch", "", "largest micro-batch searched (default 16)")
	fs.StringVar(&r.Usable, "usable-memory", "", "fraction of device memory a job may fill (default 0.9)")
}

// runPlan is "flops plan".
func runPlan(env *cliEnv, args []string) error {
	var req api.PlanRequest
	fs := newFlagSet(env, "plan", planSynopsis, planHelp+stackHelp()+reliabilityHelp)
	bindPlan(fs, &req)
	bindReliability(fs, &req.Reliability)
	hwFile := bindHW(fs, &req.HW)
	profile := bindProfile(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	explain := fs.Bool("explain", false, "show the winner's derivation")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	var err error
	if req.Profile, err = profile(); err != nil {
		return err
	}
	req.Workers = runtime.NumCPU()
	req.Progress = progressPrinter(env.stderr, time.Second, "searching", "searched", "layouts")
	res, err := runRequest(env, *hwFile, "plan", req.Run)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.stdout, res)
	}
	return writePlan(env.stdout, res, *explain)
}

// progressPrinter reports a search's progress on w once it has run for
// after, overwriting one line ("flops: searching layouts 120/400 (30%)"),
// and ends the line when done = total ("flops: searched 400/400 layouts
// in 2.1s"). The words name the work: doing, did and what. It is safe for
// concurrent use; calls print in the order they take its lock.
func progressPrinter(w io.Writer, after time.Duration, doing, did, what string) func(done, total int64) {
	var mu sync.Mutex
	start, shown := time.Now(), false
	return func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if done >= total {
			if shown {
				fmt.Fprintf(w, "\rflops: %s %d/%d %s in %.1fs\n", did, done, total, what, time.Since(start).Seconds())
				shown = false // a search whose total grows may go on
			}
			return
		}
		if time.Since(start) < after {
			return
		}
		shown = true
		fmt.Fprintf(w, "\rflops: %s %s %d/%d (%.0f%%)", doing, what, done, total, 100*float64(done)/float64(max(total, 1)))
	}
}

// writePlan prints the winner, the top list, the Pareto front, the
// rejection counts and the assumptions.
func writePlan(w io.Writer, r *plan.Result, explain bool) error {
	fmt.Fprintf(w, "%s on %d × %s, global batch %d × %d tokens: %d layouts, %d priced, %d fit (%.2fs)\n\n",
		r.Model, r.GPUs, r.GPU, r.GlobalBatch, r.Seq, r.Space, r.Evaluated, r.Feasible, r.Elapsed)
	if r.Infeasible != "" {
		fmt.Fprintf(w, "No layout fits: %s\n", r.Infeasible)
		if r.Best != nil {
			fmt.Fprintln(w)
			if err := planTable("Fastest layouts that do not fit", r.Over).Write(w); err != nil {
				return err
			}
			fmt.Fprintln(w)
			if err := bestKV(w, r); err != nil {
				return err
			}
		}
	} else {
		if err := planTable("Fastest layouts", r.Top).Write(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
		title := fmt.Sprintf("Pareto front (step time vs memory per GPU): %d layouts", len(r.Pareto))
		if len(r.Pareto) > paretoRows {
			title += fmt.Sprintf(", %d shown (all in --json)", paretoRows)
		}
		if err := planTable(title, thin(r.Pareto, paretoRows)).Write(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
		if err := bestKV(w, r); err != nil {
			return err
		}
		if err := writePlanFailures(w, r); err != nil {
			return err
		}
	}
	if len(r.Rejected) > 0 {
		fmt.Fprintln(w)
		if err := rejectTable(r).Write(w); err != nil {
			return err
		}
	}
	if r.Best == nil {
		return report.Derivation(w, r.Assumptions, nil, false)
	}
	return report.Derivation(w, slices.Concat(r.Assumptions, r.Best.Assumptions), r.Best.Steps, explain)
}

// paretoRows is how many Pareto points the text output shows.
const paretoRows = 12

// thin keeps n evenly spaced elements of xs, first and last included
// (a Pareto front's rows in flops plan and flops deploy).
func thin[T any](xs []T, n int) []T {
	if len(xs) <= n || n < 2 {
		return xs
	}
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, xs[i*(len(xs)-1)/(n-1)])
	}
	return out
}

// stackHelp describes each stack profile for plan -h.
func stackHelp() string {
	var b strings.Builder
	b.WriteString("\nStacks (--stack; what each overlaps, with its source):\n")
	for _, s := range perf.Stacks() {
		tp := string(s.TPOverlap)
		if tp == "" {
			tp = "off"
		}
		fmt.Fprintf(&b, "  %-16s TP overlap %s, DP overlap %s, PP overlap %s, EP overlap %s, schedule %s\n    %s\n",
			s.Name, tp, onOffText(s.DPOverlap), onOffText(s.PPOverlap), onOffText(s.EPOverlap), s.Schedule, s.Source)
	}
	return b.String()
}

// stackNames lists the stack profiles for the --stack help.
func stackNames() string {
	var names []string
	for _, s := range perf.Stacks() {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}
