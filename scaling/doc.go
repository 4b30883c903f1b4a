// Package scaling holds the published neural scaling laws for language
// models as data (constants, source, validity range) and the arithmetic
// on them: the compute-optimal split of a FLOP budget C ≈ 6·N·D into
// parameters N and training tokens D, the predicted loss L(N, D) where a
// law defines one, iso-FLOP curves (loss against N at fixed C),
// inference-aware sizing (Sardana et al. 2023) and what a budget in
// dollars, GPU-hours or GPU-days buys.
//
// The laws disagree, by design of the fits and not by rounding: at
// Gopher's budget (5.76e23 FLOPs) Hoffmann et al.'s rounded Approach 3
// constants imply ~93 tokens per parameter, the TeX-precise ones ~59,
// Epoch AI's refit ~18 and Approaches 1–2 ~20-22, while Kaplan et al.
// 2020 imply ~0.3. Every Result carries the range and ratio of N_opt
// across the laws it used.
//
// Reference: docs/formulas.md §6 (each law's paper, table
// and equation are cited on its constants below). Loss is in nats per
// token on each paper's own data set and tokenizer: losses of different
// laws are not comparable with each other.
package scaling
