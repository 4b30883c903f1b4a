package engine

import (
	"fmt"

	"github.com/flopsdev/flops/model"
)

// Layout is how one replica (one engine instance) spreads a model over its
// GPUs: attention runs tensor-parallel over TP GPUs and data-parallel over
// AttentionDP such groups; the layers are cut into PP pipeline stages; the
// routed experts of an MoE layer are split EP ways by expert and
// TP·AttentionDP/EP ways within each expert (MoE tensor parallelism).
type Layout struct {
	TP          int `json:"tp"`
	PP          int `json:"pp"`
	EP          int `json:"ep"`
	AttentionDP int `json:"attention_dp"`
}

// Limits on each degree: far beyond any deployment, small enough that no
// product overflows.
const maxDegree = 4096

// GPUs is the replica's GPU count, TP·AttentionDP·PP.
func (l Layout) GPUs() int { return l.TP * l.AttentionDP * l.PP }

// MoETP is the tensor-parallel degree inside each expert:
// TP·AttentionDP/EP.
func (l Layout) MoETP() int { return l.TP * l.AttentionDP / l.EP }

// String is the compact layout text: "tp 4", "tp 1 × attention-dp 8, ep 8",
// "tp 4 × pp 2" (degrees of 1 other than tp left out).
func (l Layout) String() string {
	s := fmt.Sprintf("tp %d", l.TP)
	if l.AttentionDP > 1 {
		s += fmt.Sprintf(" × attention-dp %d", l.AttentionDP)
	}
	if l.PP > 1 {
		s += fmt.Sprintf(" × pp %d", l.PP)
	}
	if l.EP > 1 {
		s += fmt.Sprintf(", ep %d", l.EP)
	}
	return s
}

// withDefaults sets zero degrees to 1.
func (l Layout) withDefaults() Layout {
	for _, p := range []*int{&l.TP, &l.PP, &l.EP, &l.AttentionDP} {
		if *p == 0 {
			*p = 1
		}
	}
	return l
}

// FlagError is a bad value of one setting; Flag names the CLI flag.
type FlagError struct {
	Flag string
	Msg  string
}

func (e *FlagError) Error() string { return "--" + e.Flag + ": " + e.Msg }

func flagErr(flag, format string, a ...any) error {
	return &FlagError{Flag: flag, Msg: fmt.Sprintf(format, a...)}
}

// check validates the layout against the model; prefix names the flags
// ("" or "prefill-"/"decode-").
func (l Layout) check(a *model.Arch, prefix string) error {
	for _, d := range []struct {
		flag string
		v    int
	}{{"tp", l.TP}, {"pp", l.PP}, {"ep", l.EP}, {"attention-dp", l.AttentionDP}} {
		if d.v < 1 || d.v > maxDegree {
			return flagErr(prefix+d.flag, "%d out of range: want 1 … %d", d.v, maxDegree)
		}
	}
	if a.Heads > 0 && a.Heads%l.TP != 0 {
		return flagErr(prefix+"tp", "%d does not divide the model's %d attention heads: engines split whole heads (try %s)", l.TP, a.Heads, divisorsHint(a.Heads))
	}
	if a.Layers > 0 && l.PP > a.Layers {
		return flagErr(prefix+"pp", "%d stages for %d layers: want at most one stage per layer", l.PP, a.Layers)
	}
	experts := 0
	if a.MoE != nil {
		experts = a.MoE.Experts
	}
	if l.EP > 1 && experts == 0 {
		return flagErr(prefix+"ep", "%d but %s has no routed experts: expert parallelism needs an MoE model", l.EP, a.Name)
	}
	if l.EP > 1 && (l.EP > experts || experts%l.EP != 0) {
		return flagErr(prefix+"ep", "%d does not divide the %d routed experts (EP larger than the experts, or uneven)", l.EP, experts)
	}
	if g := l.TP * l.AttentionDP; g%l.EP != 0 {
		return flagErr(prefix+"ep", "%d does not divide the %d GPUs of a pipeline stage (tp × attention-dp): the experts are spread over those GPUs", l.EP, g)
	}
	return nil
}

// divisorsHint lists the divisors of n up to 16, e.g. "1, 2, 4, 8".
func divisorsHint(n int) string {
	s := ""
	for d := 1; d <= min(n, 16); d++ {
		if n%d == 0 {
			if s != "" {
				s += ", "
			}
			s += fmt.Sprint(d)
		}
	}
	return s
}
