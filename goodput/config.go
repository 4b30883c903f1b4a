package goodput

import (
	"github.com/flopsdev/flops/perf"
	"github.com/flopsdev/flops/units"
)

// Options are the reliability settings a user can give (the CLI's
// --gpu-mtbf, --checkpoint-bandwidth, --checkpoint-write-time,
// --restart-time, --checkpoint-interval, --async-checkpoint and
// --in-memory-checkpoint). Zero values mean "not given": the documented
// default applies and is recorded as an assumption.
type Options struct {
	// GPUMTBF is the mean time between job-interrupting failures of one
	// accelerator, seconds; default DefaultGPUMTBF.
	GPUMTBF units.Seconds
	// Bandwidth is the aggregate storage write bandwidth, bytes/s; default
	// DefaultBandwidthPerGPU × K (storage provisioned with the cluster).
	// Each value of a sweep's list is one series.
	Bandwidth units.ByteRate
	// WriteTime overrides the computed checkpoint write time δ, seconds.
	WriteTime units.Seconds
	// Restart is the time from an interruption to training again
	// (detection, rescheduling, re-initialization, loading the
	// checkpoint), seconds; nil means DefaultRestart plus the load time.
	Restart *units.Seconds
	// Interval fixes the compute time between checkpoints, seconds; zero
	// means the optimum (Daly's higher-order estimate).
	Interval units.Seconds
	// Async overlaps the checkpoint write with training: training stalls
	// only to copy its shard to host memory, and the write (still needed
	// before the checkpoint protects anything) runs in the background.
	Async bool
	// InMemory keeps checkpoints in a peer's host memory (replicated over
	// the network, Gemini-style) instead of writing them to storage, and
	// restarts from there: δ and the load are the shard over the NIC. It
	// needs CheckpointBytes and excludes Bandwidth and WriteTime (Check).
	InMemory bool
}

// Given reports whether any option was set: then the reliability figures
// are shown even below ShowFrom accelerators.
func (o Options) Given() bool {
	return o.GPUMTBF > 0 || o.Bandwidth > 0 || o.WriteTime > 0 || o.Restart != nil || o.Interval > 0 || o.Async || o.InMemory
}

// ShowFrom is the accelerator count from which train and plan show the
// reliability figures without being asked: at 64 H100s the default
// cluster MTBF is about 33 days, so a month-long run expects interruptions.
const ShowFrom = 64

// Defaults. Each is printed as an assumption with its source.
const (
	// DefaultGPUMTBF is the per-accelerator mean time between unexpected
	// job interruptions calibrated on the Llama 3 405B pre-training
	// snapshot (Llama Team 2024, arXiv:2407.21783, §3.3.4 and Table 5):
	// 419 unexpected interruptions in 54 days on 16,384 H100s, i.e.
	// 16,384 × 54 × 24 = 21,233,664 GPU-hours / 419 = 50,677 h (5.8 years)
	// per accelerator. Every cause counts (78 % were confirmed or
	// suspected hardware; GPU and HBM3 faults alone were 47 %), since any
	// of them stops a synchronous job.
	DefaultGPUMTBF units.Seconds = llama3GPUHours * 3600.0 / llama3Unexpected

	// DefaultBandwidthPerGPU is the storage write bandwidth per
	// accelerator, bytes/s: the Llama 3 paper's Tectonic file system
	// sustains 2 TB/s (§3.3.1) for the 16,384-GPU job, 122 MB/s per GPU.
	// The default scales it with K, as storage is bought with the cluster.
	DefaultBandwidthPerGPU units.ByteRate = 2e12 / 16384

	// DefaultRestart is the time from an interruption to training again,
	// excluding the checkpoint load (added from its bytes): detection,
	// rescheduling onto healthy nodes, process and communicator start.
	// 10 minutes is PyTorch's default NCCL collective timeout (a hang is
	// noticed only after it) and the order of the checkpoint-restart
	// downtimes that TrainMover (arXiv:2412.12636) cuts to ~20 s with
	// standby machines.
	DefaultRestart units.Seconds = 600

	// StateBytesPerParam is what a checkpoint saves per parameter in
	// mixed-precision Adam training: 2 bytes of bf16 weights and 12 of
	// fp32 master weights, momentum and variance (Rajbhandari et al. 2020,
	// ZeRO, §3.1; gradients are not saved: the checkpoint is taken after
	// the optimizer step). The planner's training state, less gradients.
	StateBytesPerParam = perf.MixedWeightBytes + perf.AdamOptimizerBytes

	// RNGBytesPerRank is the random-number state each rank saves: PyTorch's
	// CPU Mersenne Twister (5,056 bytes from torch.get_rng_state), the
	// CUDA Philox seed and offset, and the Python and NumPy generators
	// (about 2.5 kB each), rounded up to 10 kB.
	RNGBytesPerRank = 10e3

	// DefaultNICBandwidth bounds how fast one rank's shard leaves its
	// node, bytes/s: package perf's default scale-out bandwidth (one
	// 400 Gb/s NIC per GPU).
	DefaultNICBandwidth = perf.DefaultScaleOut

	// DefaultHostCopyBandwidth is the device-to-host copy an asynchronous
	// checkpoint stalls for, bytes/s: PCIe 4.0 x16 per direction (A100's
	// host link; H100's PCIe 5.0 doubles it).
	DefaultHostCopyBandwidth units.ByteRate = 32e9
)

// The Llama 3 snapshot the default rate rests on (arXiv:2407.21783 §3.3.4).
const (
	llama3GPUs       = 16384
	llama3Days       = 54
	llama3GPUHours   = llama3GPUs * llama3Days * 24 // 21,233,664
	llama3Unexpected = 419
)

// StateSource is the source of StateBytesPerParam, for assumptions.
const StateSource = "bf16 weights + fp32 master weights, Adam momentum and variance (ZeRO, arXiv:1910.02054 §3.1); " +
	"gradients are not saved"

// Sources printed with the assumptions.
const (
	srcGPUMTBF = "calibrated on Llama 3 405B (arXiv:2407.21783 §3.3.4): 419 unexpected interruptions in " +
		"54 days on 16,384 H100 = 21,233,664 GPU-hours / 419; all causes, 78% hardware"
	srcBandwidth = "Llama 3's Tectonic storage sustains 2 TB/s (arXiv:2407.21783 §3.3.1) for 16,384 GPUs = " +
		"122 MB/s per accelerator, scaled with K"
	srcRestart = "detection + rescheduling + restart: PyTorch's NCCL timeout is 10 min; checkpoint-restart " +
		"downtimes are minutes (TrainMover, arXiv:2412.12636: ~20 s with standby machines)"
	srcWriters  = "every rank writes its own shard (PyTorch distributed checkpoint, Megatron-LM dist_checkpointing)"
	srcInterval = "Daly 2006 higher-order optimum (Future Gener. Comput. Syst. 22:303); Young 1974's sqrt(2·δ·M) shown beside it"
	srcPoisson  = "independent failures at a constant rate; one failure stops the synchronous job, which restarts " +
		"from the last checkpoint (Daly 2006 eq. 13); planned maintenance not counted"
)
