package serving

import (
	"sort"
	"strings"
)

// lineage is what a checkpoint is, for holding its rows out of a fit: the
// model it is a build of, and the family of models it belongs to.
type lineage struct {
	model, family string
}

// lineages names the model and family of every checkpoint in the sample
// whose rows must be held out together with another's.
//
//   - The DeepSeek checkpoints are one model: DeepSeek-R1 is DeepSeek-V3
//     post-trained, with the same config.json (671 B parameters, MLA, 256
//     routed experts); the NVFP4 builds quantize R1 and V3.1, which has the
//     same architecture again. More than that, InferenceMAX's database dump
//     labels its DeepSeek-R1 runs "DeepSeek-V3" (see inferenceMAX): holding
//     out R1 but fitting on "V3" would fit on the held-out model's own runs.
//   - Llama 3.1 8B Instruct and NVIDIA's FP8 build of it are one model.
//
// Families are the model lines: Llama 3.1 (8B and 70B), DeepSeek, Qwen
// (Qwen3 and Qwen3.5). Holding out a family tests a model whose maker's
// other models the fit never saw either: Llama 3.1 70B, for one, is then
// predicted from MoE models alone.
var lineages = map[string]lineage{
	"deepseek-ai/DeepSeek-R1":          {"DeepSeek-V3/R1", "DeepSeek"},
	"deepseek-ai/DeepSeek-V3":          {"DeepSeek-V3/R1", "DeepSeek"},
	"nvidia/DeepSeek-R1-NVFP4":         {"DeepSeek-V3/R1", "DeepSeek"},
	"nvidia/DeepSeek-V3.1-NVFP4":       {"DeepSeek-V3/R1", "DeepSeek"},
	"meta-llama/Llama-3.1-8B-Instruct": {"Llama 3.1 8B", "Llama 3.1"},
	"nvidia/Llama-3.1-8B-Instruct-FP8": {"Llama 3.1 8B", "Llama 3.1"},
	"meta-llama/Llama-3.1-70B":         {"Llama 3.1 70B", "Llama 3.1"},
	"Qwen/Qwen3-235B-A22B-FP8":         {"Qwen/Qwen3-235B-A22B-FP8", "Qwen"},
	"Qwen/Qwen3.5-397B-A17B":           {"Qwen/Qwen3.5-397B-A17B", "Qwen"},
}

// heldOutModel is the model a checkpoint's rows are held out with (the
// checkpoint itself unless lineages says otherwise).
func heldOutModel(checkpoint string) string {
	if l, ok := lineages[checkpoint]; ok {
		return l.model
	}
	return checkpoint
}

// heldOutFamily is the family a checkpoint's rows are held out with (its
// model unless lineages says otherwise).
func heldOutFamily(checkpoint string) string {
	if l, ok := lineages[checkpoint]; ok {
		return l.family
	}
	return heldOutModel(checkpoint)
}

// fold is one refit of a leave-out validation: the rows of the checkpoints
// it leaves out are predicted by constants fitted without them.
type fold struct {
	key   string          // the model or family left out
	out   map[string]bool // the checkpoints left out
	model bool            // a model's fold: its predictions are leave-one-model-out
	fam   bool            // a family's fold: its predictions are leave-one-family-out
}

// folds lists the refits that leave every model out, and every family out:
// a family of one model is that model's fold, which then serves both.
func folds(cs []Case) []fold {
	byKey := map[string]*fold{}
	get := func(key string) *fold {
		f, ok := byKey[key]
		if !ok {
			f = &fold{key: key, out: map[string]bool{}}
			byKey[key] = f
		}
		return f
	}
	models := map[string]map[string]bool{} // family → its models
	for _, c := range cs {
		m, fam := heldOutModel(c.Model), heldOutFamily(c.Model)
		f := get(m)
		f.model, f.out[c.Model] = true, true
		if models[fam] == nil {
			models[fam] = map[string]bool{}
		}
		models[fam][m] = true
	}
	for _, c := range cs {
		fam := heldOutFamily(c.Model)
		if len(models[fam]) == 1 {
			byKey[heldOutModel(c.Model)].fam = true
			continue
		}
		f := get("family " + fam)
		f.fam, f.out[c.Model] = true, true
	}
	out := make([]fold, 0, len(byKey))
	for _, f := range byKey {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// leftOut lists a fold's checkpoints, sorted.
func (f fold) leftOut() string {
	ms := make([]string, 0, len(f.out))
	for m := range f.out {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return strings.Join(ms, ", ")
}
